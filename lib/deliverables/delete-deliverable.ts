import { withTenantDb } from "@/lib/db";
import { bumpDataVersion } from "@/lib/reports/data-version";
import { findDeliverableOrThrow } from "./get-deliverable";

/** Deletes a deliverable. */
export async function deleteDeliverable(tenantId: string, id: string): Promise<void> {
  await withTenantDb(tenantId, async (db) => {
    await findDeliverableOrThrow(db, id);
    await db.deliverable.deleteMany({ where: { id } });
  });
  await bumpDataVersion(tenantId);
}
