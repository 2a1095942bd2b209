import { lockTenantResource, type TenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { PLANS } from "@/lib/plans/plans";
import { loadEntitlements } from "./load-entitlements";

/**
 * Refuses a new site beyond the plan's limit (403 plan_limit, naming the limit). Call inside the
 * transaction that creates the site: the lock makes concurrent creations take turns, so two requests
 * at limit - 1 cannot both pass.
 */
export async function enforceSiteLimit(db: TenantDb): Promise<void> {
  await lockTenantResource(db, "sites");
  const { planTier, limits } = await loadEntitlements(db);
  const count = await db.site.count();
  if (count < limits.sites) return;
  const plan = PLANS[planTier].name;
  throw new AppError("plan_limit", `The ${plan} plan allows ${limits.sites} sites. Upgrade your plan to add more.`, [
    { field: "sites", message: `Limit of the ${plan} plan: ${limits.sites} sites (you have ${count}).` },
  ]);
}
