import { getRedis, redisKeys } from "@/lib/redis";

// Report results are cached under the tenant's data version; every write bumps it after commit, so a
// cached report is never served for data that has since changed. If Redis refuses the bump, the
// entries it would have invalidated still expire with their TTL (REPORT_CACHE_TTL_SECONDS).

/** The Redis key of the tenant's data version. */
export const dataVersionKey = (tenantId: string) => redisKeys.tenant(tenantId, "data-version");

/** Marks the tenant's reportable data as changed. */
export async function bumpDataVersion(tenantId: string): Promise<void> {
  await getRedis().incr(dataVersionKey(tenantId)).catch((error: unknown) => {
    console.error(`data version bump failed for tenant ${tenantId}`, error);
  });
}
