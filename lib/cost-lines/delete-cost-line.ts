import { withTenantDb } from "@/lib/db";
import { bumpDataVersion } from "@/lib/reports/data-version";
import { findCostLineOrThrow } from "./get-cost-line";

/** Deletes a cost line. */
export async function deleteCostLine(tenantId: string, id: string): Promise<void> {
  await withTenantDb(tenantId, async (db) => {
    await findCostLineOrThrow(db, id);
    await db.costLine.deleteMany({ where: { id } });
  });
  await bumpDataVersion(tenantId);
}
