import { withTenantDb, type TenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { uuidSchema } from "@/lib/validation/common";
import type { DeliverableView } from "./deliverable-schemas";
import { toDeliverableView } from "./to-deliverable-view";

/** A deliverable inside an open tenant transaction, or a 404. */
export async function findDeliverableOrThrow(db: TenantDb, id: unknown) {
  const notFound = new AppError("not_found", "No such deliverable.");
  if (!uuidSchema.safeParse(id).success) throw notFound;
  const row = await db.deliverable.findFirst({ where: { id: id as string } });
  if (!row) throw notFound;
  return row;
}

/** One deliverable of the tenant. */
export async function getDeliverable(tenantId: string, id: string): Promise<DeliverableView> {
  return toDeliverableView(await withTenantDb(tenantId, (db) => findDeliverableOrThrow(db, id)));
}
