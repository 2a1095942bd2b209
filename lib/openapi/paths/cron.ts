import type { ApiOperation } from "../api-operation";
import { deadLettersSchema, drainReportSchema, flushReportSchema, maintenanceReportSchema, replayReportSchema } from "../views/billing-views";

export const cronOperations: ApiOperation[] = [
  {
    method: "GET", path: "/api/v1/cron/billing", tag: "Scheduler", operationId: "drainBillingQueue",
    summary: "Apply queued Stripe events", description: "Every minute: reads the Stripe event stream through its consumer group and applies each event exactly once in PostgreSQL; reclaims stuck entries and dead-letters an event after 5 failed attempts.",
    auth: { kind: "cron" },
    response: { status: 200, description: "What the run did.", schema: drainReportSchema, schemaName: "DrainReport" },
  },
  {
    method: "GET", path: "/api/v1/cron/billing-maintenance", tag: "Scheduler", operationId: "runBillingMaintenance",
    summary: "Expire and reconcile subscriptions", description: "Expires lapsed subscriptions and re-enqueues Stripe events (listed from Stripe since the last watermark) that were never applied.",
    auth: { kind: "cron" },
    response: { status: 200, description: "What the run did.", schema: maintenanceReportSchema, schemaName: "MaintenanceReport" },
  },
  {
    method: "GET", path: "/api/v1/cron/billing-dead-letters", tag: "Scheduler", operationId: "listBillingDeadLetters",
    summary: "List dead-lettered Stripe events", description: "Events that kept failing, with their last error.",
    auth: { kind: "cron" },
    response: { status: 200, description: "The dead letters.", schema: deadLettersSchema, schemaName: "DeadLetterList" },
  },
  {
    method: "POST", path: "/api/v1/cron/billing-dead-letters", tag: "Scheduler", operationId: "replayBillingDeadLetters",
    summary: "Replay dead-lettered Stripe events", description: "Puts them back on the queue, after the cause is fixed.",
    auth: { kind: "cron" },
    response: { status: 200, description: "How many were replayed.", schema: replayReportSchema, schemaName: "ReplayReport" },
  },
  {
    method: "GET", path: "/api/v1/cron/audit-flush", tag: "Scheduler", operationId: "flushParkedAuditEvents",
    summary: "Flush parked audit events", description: "Writes audit events parked in Redis while MongoDB was unreachable, keeping each workspace's chain valid.",
    auth: { kind: "cron" },
    response: { status: 200, description: "What the run did.", schema: flushReportSchema, schemaName: "FlushReport" },
    errors: [{ code: "service_unavailable", when: "MongoDB failed again during the run; the rest stays parked" }],
  },
];
