import { isUniqueViolation, withTenantDb } from "@/lib/db";
import { bumpDataVersion } from "@/lib/reports/data-version";
import { parseInput } from "@/lib/validation/parse-input";
import { domainTaken } from "./create-site";
import { findSiteOrThrow } from "./get-site";
import { updateSiteSchema } from "./site-schemas";
import type { SiteView } from "./site-types";
import { toSiteView } from "./to-site-view";

/** Renames a site or changes its domain or time zone. */
export async function updateSite(tenantId: string, id: string, input: unknown): Promise<SiteView> {
  const data = parseInput(updateSiteSchema, input);
  try {
    const row = await withTenantDb(tenantId, async (db) => {
      await findSiteOrThrow(db, id);
      return db.site.update({ where: { tenantId_id: { tenantId, id } }, data });
    });
    await bumpDataVersion(tenantId);
    return toSiteView(row);
  } catch (error) {
    if (isUniqueViolation(error, "sites_tenant_domain_key")) throw domainTaken();
    throw error;
  }
}
