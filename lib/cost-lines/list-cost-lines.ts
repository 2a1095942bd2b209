import { withTenantDb } from "@/lib/db";
import { findSiteOrThrow } from "@/lib/sites/get-site";
import { keysetArgs, toPage, type Page } from "@/lib/validation/keyset-page";
import { parseInput } from "@/lib/validation/parse-input";
import { listCostLinesQuerySchema, type CostLineView } from "./cost-line-schemas";
import { toCostLineView } from "./to-cost-line-view";

/** The tenant's cost lines, optionally of one site, newest first. */
export async function listCostLines(tenantId: string, query: unknown = {}): Promise<Page<CostLineView>> {
  const { limit, cursor, siteId } = parseInput(listCostLinesQuerySchema, query);
  return withTenantDb(tenantId, async (db) => {
    if (siteId) await findSiteOrThrow(db, siteId, "siteId");
    const args = keysetArgs(cursor, limit);
    const rows = await db.costLine.findMany({ ...args, where: { ...args.where, ...(siteId ? { siteId } : {}) } });
    const sites = await db.site.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.siteId))] } }, select: { id: true, currency: true } });
    const currencyOf = new Map(sites.map((site) => [site.id, site.currency]));
    return toPage(rows, limit, (row) => toCostLineView(row, currencyOf.get(row.siteId)!));
  });
}
