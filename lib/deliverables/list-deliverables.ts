import { withTenantDb } from "@/lib/db";
import { findServiceOrThrow } from "@/lib/services/get-service";
import { findSiteOrThrow } from "@/lib/sites/get-site";
import { keysetArgs, toPage, type Page } from "@/lib/validation/keyset-page";
import { parseInput } from "@/lib/validation/parse-input";
import { listDeliverablesQuerySchema, type DeliverableView } from "./deliverable-schemas";
import { toDeliverableView } from "./to-deliverable-view";

/** The tenant's deliverables, optionally of one site or service, newest first. */
export async function listDeliverables(tenantId: string, query: unknown = {}): Promise<Page<DeliverableView>> {
  const { limit, cursor, siteId, serviceId } = parseInput(listDeliverablesQuerySchema, query);
  return withTenantDb(tenantId, async (db) => {
    if (siteId) await findSiteOrThrow(db, siteId, "siteId");
    if (serviceId) await findServiceOrThrow(db, serviceId, "serviceId");
    const args = keysetArgs(cursor, limit);
    const filter = { ...(siteId ? { siteId } : {}), ...(serviceId ? { serviceId } : {}) };
    const rows = await db.deliverable.findMany({ ...args, where: { ...args.where, ...filter } });
    return toPage(rows, limit, toDeliverableView);
  });
}
