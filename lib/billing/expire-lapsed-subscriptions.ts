import { listLapsedSubscriptions, withTenantDb } from "@/lib/db";
import { invalidateTenantCache } from "@/lib/tenants";
import { LAPSE_GRACE_MS, LIVE_SUBSCRIPTION_STATUSES } from "./entitlements";

/**
 * Marks live subscriptions whose period ended more than a day ago without a renewal as expired (a
 * renewal's events were lost, or the subscription was never renewed). The event guard is left as it
 * is: any later Stripe event for the subscription still applies and, if it was renewed, revives it.
 */
export async function expireLapsedSubscriptions(options: { now?: Date; limit?: number } = {}): Promise<{ expired: number }> {
  const before = new Date((options.now ?? new Date()).getTime() - LAPSE_GRACE_MS);
  const lapsed = await listLapsedSubscriptions(before, options.limit ?? 500);
  let expired = 0;
  for (const { tenantId, subscriptionId, subdomain } of lapsed) {
    const { count } = await withTenantDb(tenantId, (db) =>
      db.subscription.updateMany({
        where: { id: subscriptionId, status: { in: [...LIVE_SUBSCRIPTION_STATUSES] }, expiresAt: { lt: before } },
        data: { status: "expired" },
      }),
    );
    if (count > 0) {
      expired += count;
      await invalidateTenantCache(subdomain);
    }
  }
  return { expired };
}
