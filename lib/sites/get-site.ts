import { withTenantDb, type TenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { uuidSchema } from "@/lib/validation/common";
import type { SiteView } from "./site-types";
import { toSiteView } from "./to-site-view";

export function siteNotFound(field?: string): AppError {
  return new AppError("not_found", "No such site.", field ? [{ field, message: "No such site in this workspace." }] : undefined);
}

/** A site row inside an open tenant transaction, or a 404 (unknown, malformed or another tenant's). */
export async function findSiteOrThrow(db: TenantDb, id: unknown, field?: string) {
  if (!uuidSchema.safeParse(id).success) throw siteNotFound(field);
  const row = await db.site.findFirst({ where: { id: id as string } });
  if (!row) throw siteNotFound(field);
  return row;
}

/** One site of the tenant. */
export async function getSite(tenantId: string, id: string): Promise<SiteView> {
  return toSiteView(await withTenantDb(tenantId, (db) => findSiteOrThrow(db, id)));
}
