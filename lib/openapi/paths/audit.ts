import { auditFiltersSchema, auditPageQuerySchema } from "@/lib/audit/audit-query";
import type { ApiOperation, OperationError } from "../api-operation";
import { auditPageSchema, chainVerificationSchema } from "../views/audit-views";

const FILTER_WORDS = {
  action: "An action such as `site.created`.",
  actorId: "The user, API key or system actor.",
  targetType: "A target type such as `site`.",
  targetId: "A target's id.",
  from: "From this date (YYYY-MM-DD) or ISO 8601 time, inclusive.",
  to: "Until this time, or through the whole of this date.",
  limit: "Events per page, 1–200 (default 50).",
  cursor: "`nextCursor` of the previous page.",
};

// The filters end up in a MongoDB query, so anything unexpected is refused as malformed (400).
const BAD_QUERY: OperationError = { code: "bad_request", when: "an unknown, repeated or malformed parameter; `details` names it" };
const REVERSED: OperationError = { code: "validation_failed", when: "`from` is after `to`" };

export const auditOperations: ApiOperation[] = [
  {
    method: "GET", path: "/api/v1/audit-logs", tag: "Audit log", operationId: "listAuditEvents",
    summary: "List audit events", description: "The workspace's audit events, newest first, keyset-paged. Each event carries its place in the workspace's SHA-256 hash chain.",
    auth: { kind: "tenant", permission: "audit.read" },
    query: auditPageQuerySchema, queryDescriptions: FILTER_WORDS, queryError: BAD_QUERY, errors: [REVERSED],
    response: { status: 200, description: "A page of events.", schema: auditPageSchema, schemaName: "AuditEventPage" },
  },
  {
    method: "GET", path: "/api/v1/audit-logs/export", tag: "Audit log", operationId: "exportAuditEvents",
    summary: "Export audit events as CSV", description: "Every matching event as a streamed CSV download; cells that a spreadsheet would run as formulas are neutralised.",
    auth: { kind: "tenant", permission: "audit.read" },
    query: auditFiltersSchema, queryDescriptions: FILTER_WORDS, queryError: BAD_QUERY, errors: [REVERSED],
    response: {
      status: 200, description: "CSV with a header row.", contentType: "text/csv", schema: { type: "string" },
      headers: { "Content-Disposition": { description: "`attachment; filename=\"audit-log-<subdomain>-<date>.csv\"`", schema: { type: "string" } } },
    },
  },
  {
    method: "GET", path: "/api/v1/audit-logs/verify", tag: "Audit log", operationId: "verifyAuditChain",
    summary: "Verify the audit chain", description: "Recomputes every hash and link of the workspace's chain: an edited, reordered or deleted event shows as the first broken position. Takes no parameters.",
    auth: { kind: "tenant", permission: "audit.read" },
    errors: [{ code: "bad_request", when: "any query parameter is sent" }],
    response: { status: 200, description: "The verification.", schema: chainVerificationSchema, schemaName: "ChainVerification" },
  },
];
