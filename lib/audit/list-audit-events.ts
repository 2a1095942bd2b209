import { auditCollections } from "./audit-collections";
import { AUDIT_SORT, auditFilter } from "./audit-filter";
import { encodeAuditCursor, type AuditPageQuery } from "./audit-query";
import { toAuditReadError } from "./audit-store-health";
import { toAuditEventView, type AuditEventView } from "./to-audit-event-view";

export interface AuditPage {
  data: AuditEventView[];
  nextCursor: string | null;
}

/** One page of a tenant's events, newest first, keyset-paged on (occurredAt, id). */
export async function listAuditEvents(tenantId: string, query: AuditPageQuery): Promise<AuditPage> {
  try {
    const { events } = await auditCollections();
    const docs = await events
      .find(auditFilter(tenantId, query, query.cursor), { projection: { _id: 0 } })
      .sort(AUDIT_SORT)
      .limit(query.limit + 1)
      .toArray();
    const page = docs.slice(0, query.limit);
    const last = page.at(-1);
    return { data: page.map(toAuditEventView), nextCursor: docs.length > query.limit && last ? encodeAuditCursor(last) : null };
  } catch (error) {
    throw toAuditReadError(error);
  }
}
