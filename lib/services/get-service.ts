import { withTenantDb, type TenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { uuidSchema } from "@/lib/validation/common";
import type { ServiceView } from "./service-schemas";
import { toServiceView } from "./to-service-view";

export function serviceNotFound(field?: string): AppError {
  return new AppError("not_found", "No such service.", field ? [{ field, message: "No such service in this workspace." }] : undefined);
}

/** A service with its site's currency inside an open tenant transaction, or a 404. */
export async function findServiceOrThrow(db: TenantDb, id: unknown, field?: string) {
  if (!uuidSchema.safeParse(id).success) throw serviceNotFound(field);
  const row = await db.service.findFirst({ where: { id: id as string } });
  if (!row) throw serviceNotFound(field);
  const site = await db.site.findFirst({ where: { id: row.siteId }, select: { currency: true } });
  return { row, currency: site!.currency };
}

/** One service of the tenant. */
export async function getService(tenantId: string, id: string): Promise<ServiceView> {
  const { row, currency } = await withTenantDb(tenantId, (db) => findServiceOrThrow(db, id));
  return toServiceView(row, currency);
}
