import { randomUUID } from "node:crypto";
import type { AuditEventInput, UnchainedAuditEvent } from "./audit-event";
import { auditExpireAt } from "./audit-retention";
import { toAuditJson } from "./to-audit-json";

const MAX_TARGETS = 20;

function text(value: string | undefined, max: number, fallback = ""): string {
  return (value ?? fallback).toWellFormed().slice(0, max);
}

/** The event with its id, time and expiry, bounded and in plain JSON: ready to chain or park. */
export function buildAuditEvent(input: AuditEventInput): UnchainedAuditEvent {
  const occurredAt = input.occurredAt ?? new Date();
  const changes = toAuditJson(input.changes);
  const metadata = toAuditJson(input.metadata);
  return {
    id: randomUUID(),
    tenantId: input.tenantId,
    occurredAt,
    expireAt: auditExpireAt(occurredAt, input.planTier),
    actor: { type: input.actor.type, id: text(input.actor.id, 200), label: text(input.actor.label, 200) },
    action: text(input.action, 100),
    targets: (input.targets ?? []).slice(0, MAX_TARGETS).map((target) => ({ type: text(target.type, 50), id: text(target.id, 200) })),
    context: {
      ip: text(input.context?.ip, 100, "unknown"),
      userAgent: text(input.context?.userAgent, 512),
      requestId: text(input.context?.requestId, 100),
    },
    ...(changes ? { changes } : {}),
    ...(metadata ? { metadata } : {}),
  };
}
