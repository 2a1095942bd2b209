import type { AuditEventDocument } from "./audit-event";
import { auditCollections } from "./audit-collections";
import { AUDIT_SORT, auditFilter } from "./audit-filter";
import type { AuditFilters } from "./audit-query";
import { toAuditReadError } from "./audit-store-health";
import { toCsvLine } from "./csv";

const HEADER = [
  "occurredAt", "action", "actorType", "actorId", "actorLabel", "targets", "ip", "userAgent", "requestId",
  "changes", "metadata", "id", "seq", "hash",
];

function toRow(doc: AuditEventDocument): string[] {
  return [
    doc.occurredAt.toISOString(),
    doc.action,
    doc.actor.type,
    doc.actor.id,
    doc.actor.label,
    doc.targets.map((target) => `${target.type}:${target.id}`).join(" "),
    doc.context.ip,
    doc.context.userAgent,
    doc.context.requestId,
    doc.changes ? JSON.stringify(doc.changes) : "",
    doc.metadata ? JSON.stringify(doc.metadata) : "",
    doc.id,
    String(doc.seq),
    doc.hash,
  ];
}

async function openCursor(tenantId: string, filters: AuditFilters) {
  try {
    const { events } = await auditCollections();
    const cursor = events.find(auditFilter(tenantId, filters), { projection: { _id: 0 } }).sort(AUDIT_SORT).batchSize(500);
    await cursor.hasNext();
    return cursor;
  } catch (error) {
    throw toAuditReadError(error);
  }
}

/**
 * A tenant's matching events as a CSV byte stream, newest first. Rows are read from the cursor as
 * the client consumes them, so an export of any size holds one batch in memory. The first batch
 * is fetched before this returns, so an unreachable store is a 503, not a broken download.
 */
export async function exportAuditEvents(tenantId: string, filters: AuditFilters): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const rows = await openCursor(tenantId, filters);
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let chunk = headerSent ? "" : toCsvLine(HEADER);
        headerSent = true;
        // About one batch per pull: enough to amortise, little enough to keep memory flat.
        for (let count = 0; count < 500 && (await rows.hasNext()); count++) {
          const doc = await rows.next();
          if (doc) chunk += toCsvLine(toRow(doc));
        }
        if (chunk) controller.enqueue(encoder.encode(chunk));
        if (!(await rows.hasNext())) {
          await rows.close();
          controller.close();
        }
      } catch (error) {
        console.error("[audit] export failed mid-stream", error);
        await rows.close().catch(() => undefined);
        controller.error(error);
      }
    },
    async cancel() {
      await rows.close();
    },
  });
}
