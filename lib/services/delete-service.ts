import { withTenantDb } from "@/lib/db";
import { bumpDataVersion } from "@/lib/reports/data-version";
import { findServiceOrThrow } from "./get-service";

/** Deletes a service and its deliverables; its extra cost lines stay on the site. */
export async function deleteService(tenantId: string, id: string): Promise<void> {
  await withTenantDb(tenantId, async (db) => {
    await findServiceOrThrow(db, id);
    await db.service.deleteMany({ where: { id } });
  });
  await bumpDataVersion(tenantId);
}
