import { getRedis, redisKeys } from "@/lib/redis";

// Report results are cached under the tenant's data version; every write bumps it after commit, so a
// cached report is never served for data that has since changed. If Redis refuses the bump, the
// entries it would have invalidated still expire with their TTL (REPORT_CACHE_TTL_SECONDS).

const versionKey = (tenantId: string) => redisKeys.tenant(tenantId, "data-version");

/** Marks the tenant's reportable data as changed. */
export async function bumpDataVersion(tenantId: string): Promise<void> {
  await getRedis().incr(versionKey(tenantId)).catch((error: unknown) => {
    console.error(`data version bump failed for tenant ${tenantId}`, error);
  });
}

/** The tenant's current data version (0 before the first write). */
export async function readDataVersion(tenantId: string): Promise<number> {
  return (await getRedis().get<number>(versionKey(tenantId))) ?? 0;
}
