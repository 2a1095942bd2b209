import { withTenantDb } from "@/lib/db";
import { findSiteOrThrow } from "@/lib/sites/get-site";
import { keysetArgs, toPage, type Page } from "@/lib/validation/keyset-page";
import { parseInput } from "@/lib/validation/parse-input";
import { listServicesQuerySchema, type ServiceView } from "./service-schemas";
import { toServiceView } from "./to-service-view";

/** The tenant's services, optionally of one site, newest first. */
export async function listServices(tenantId: string, query: unknown = {}): Promise<Page<ServiceView>> {
  const { limit, cursor, siteId } = parseInput(listServicesQuerySchema, query);
  return withTenantDb(tenantId, async (db) => {
    if (siteId) await findSiteOrThrow(db, siteId, "siteId");
    const args = keysetArgs(cursor, limit);
    const rows = await db.service.findMany({ ...args, where: { ...args.where, ...(siteId ? { siteId } : {}) } });
    const sites = await db.site.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.siteId))] } }, select: { id: true, currency: true } });
    const currencyOf = new Map(sites.map((site) => [site.id, site.currency]));
    return toPage(rows, limit, (row) => toServiceView(row, currencyOf.get(row.siteId)!));
  });
}
