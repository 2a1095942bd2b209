import { enforceSiteLimit } from "@/lib/billing/enforce-site-limit";
import { isUniqueViolation, withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { bumpDataVersion } from "@/lib/reports/data-version";
import { parseInput } from "@/lib/validation/parse-input";
import { createSiteSchema } from "./site-schemas";
import type { SiteView } from "./site-types";
import { toSiteView } from "./to-site-view";

export function domainTaken(): AppError {
  return new AppError("conflict", "This workspace already tracks that domain.", [{ field: "domain", message: "Already tracked." }]);
}

/** Adds a website the tenant works on. */
export async function createSite(tenantId: string, input: unknown): Promise<SiteView> {
  const data = parseInput(createSiteSchema, input);
  try {
    const row = await withTenantDb(tenantId, async (db) => {
      await enforceSiteLimit(db);
      return db.site.create({ data: { tenantId, ...data } });
    });
    await bumpDataVersion(tenantId);
    return toSiteView(row);
  } catch (error) {
    if (isUniqueViolation(error, "sites_tenant_domain_key")) throw domainTaken();
    throw error;
  }
}
