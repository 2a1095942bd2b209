import { withTenantDb } from "@/lib/db";
import { pageQuerySchema } from "@/lib/validation/common";
import { keysetArgs, toPage, type Page } from "@/lib/validation/keyset-page";
import { parseInput } from "@/lib/validation/parse-input";
import type { SiteView } from "./site-types";
import { toSiteView } from "./to-site-view";

/** The tenant's sites, newest first, a page at a time. */
export async function listSites(tenantId: string, query: unknown = {}): Promise<Page<SiteView>> {
  const { limit, cursor } = parseInput(pageQuerySchema, query);
  const rows = await withTenantDb(tenantId, (db) => db.site.findMany(keysetArgs(cursor, limit)));
  return toPage(rows, limit, toSiteView);
}
