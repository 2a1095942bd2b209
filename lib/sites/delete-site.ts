import { withTenantDb } from "@/lib/db";
import { bumpDataVersion } from "@/lib/reports/data-version";
import { findSiteOrThrow } from "./get-site";

/** Deletes a site with its services, costs, deliverables and metrics (cascading references). */
export async function deleteSite(tenantId: string, id: string): Promise<void> {
  await withTenantDb(tenantId, async (db) => {
    await findSiteOrThrow(db, id);
    await db.site.deleteMany({ where: { id } });
  });
  await bumpDataVersion(tenantId);
}
