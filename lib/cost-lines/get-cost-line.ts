import { withTenantDb, type TenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { uuidSchema } from "@/lib/validation/common";
import type { CostLineView } from "./cost-line-schemas";
import { toCostLineView } from "./to-cost-line-view";

/** A cost line with its site's currency inside an open tenant transaction, or a 404. */
export async function findCostLineOrThrow(db: TenantDb, id: unknown) {
  const notFound = new AppError("not_found", "No such cost line.");
  if (!uuidSchema.safeParse(id).success) throw notFound;
  const row = await db.costLine.findFirst({ where: { id: id as string } });
  if (!row) throw notFound;
  const site = await db.site.findFirst({ where: { id: row.siteId }, select: { currency: true } });
  return { row, currency: site!.currency };
}

/** One cost line of the tenant. */
export async function getCostLine(tenantId: string, id: string): Promise<CostLineView> {
  const { row, currency } = await withTenantDb(tenantId, (db) => findCostLineOrThrow(db, id));
  return toCostLineView(row, currency);
}
