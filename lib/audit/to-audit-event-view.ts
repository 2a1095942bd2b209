import type { AuditActor, AuditEventDocument, AuditRequestContext, AuditTarget, JsonObject } from "./audit-event";

export interface AuditEventView {
  id: string;
  occurredAt: string;
  actor: AuditActor;
  action: string;
  targets: AuditTarget[];
  context: AuditRequestContext;
  changes: JsonObject | null;
  metadata: JsonObject | null;
  seq: number;
  prevHash: string;
  hash: string;
  expireAt: string;
}

/** An event as the API shows it (no MongoDB _id, times as ISO strings). */
export function toAuditEventView(doc: AuditEventDocument): AuditEventView {
  return {
    id: doc.id,
    occurredAt: doc.occurredAt.toISOString(),
    actor: { type: doc.actor.type, id: doc.actor.id, label: doc.actor.label },
    action: doc.action,
    targets: doc.targets.map((target) => ({ type: target.type, id: target.id })),
    context: { ip: doc.context.ip, userAgent: doc.context.userAgent, requestId: doc.context.requestId },
    changes: doc.changes ?? null,
    metadata: doc.metadata ?? null,
    seq: doc.seq,
    prevHash: doc.prevHash,
    hash: doc.hash,
    expireAt: doc.expireAt.toISOString(),
  };
}
