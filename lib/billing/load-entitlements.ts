import type { TenantDb } from "@/lib/db";
import { resolveEntitlements } from "./entitlements";

/** The entitlements of the tenant the db is scoped to. */
export async function loadEntitlements(db: TenantDb, now: Date = new Date()) {
  return resolveEntitlements(await db.subscription.findMany(), now);
}
