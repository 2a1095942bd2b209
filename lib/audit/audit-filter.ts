import type { Filter } from "mongodb";
import type { AuditEventDocument } from "./audit-event";
import type { AuditFilters, AuditPageQuery } from "./audit-query";

/** The MongoDB filter for a tenant's events; the tenant always comes from the request, never the query. */
export function auditFilter(tenantId: string, filters: AuditFilters, cursor?: AuditPageQuery["cursor"]): Filter<AuditEventDocument> {
  const filter: Filter<AuditEventDocument> = { tenantId };
  if (filters.action !== undefined) filter.action = filters.action;
  if (filters.actorId !== undefined) filter["actor.id"] = filters.actorId;
  if (filters.targetType !== undefined || filters.targetId !== undefined) {
    // Both conditions on the same target.
    filter.targets = {
      $elemMatch: {
        ...(filters.targetType !== undefined ? { type: filters.targetType } : {}),
        ...(filters.targetId !== undefined ? { id: filters.targetId } : {}),
      },
    };
  }
  if (filters.from || filters.toExclusive) {
    filter.occurredAt = { ...(filters.from ? { $gte: filters.from } : {}), ...(filters.toExclusive ? { $lt: filters.toExclusive } : {}) };
  }
  if (cursor) {
    // Keyset: strictly after the cursor in (occurredAt desc, id desc) order.
    filter.$or = [{ occurredAt: { $lt: cursor.occurredAt } }, { occurredAt: cursor.occurredAt, id: { $lt: cursor.id } }];
  }
  return filter;
}

export const AUDIT_SORT = { occurredAt: -1, id: -1 } as const;
