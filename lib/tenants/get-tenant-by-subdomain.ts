import { resolveTenantRow } from "@/lib/db";
import { getRedis, redisKeys } from "@/lib/redis";
import type { TenantContext } from "./tenant-context";

const CACHE_TTL_SECONDS = 300;
// Unknown subdomains are cached briefly too, so probing random hosts cannot hammer PostgreSQL;
// sign-up deletes the entry, so a new workspace is reachable at once.
const MISS_TTL_SECONDS = 30;
const MISS = { missing: true } as const;

type CacheEntry = TenantContext | typeof MISS;

/**
 * subdomain -> tenant, cached in Redis. Redis is an optimisation here: if it is down the lookup
 * goes to PostgreSQL and the request still works.
 */
export async function getTenantBySubdomain(subdomain: string): Promise<TenantContext | null> {
  const key = redisKeys.tenantBySubdomain(subdomain);
  const cached = await getRedis().get<CacheEntry>(key).catch(() => null);
  if (cached) return "missing" in cached ? null : cached;

  const row = await resolveTenantRow(subdomain);
  const tenant: TenantContext | null = row
    ? { id: row.id, name: row.name, subdomain: row.subdomain, planTier: row.plan_tier }
    : null;
  await getRedis()
    .set(key, tenant ?? MISS, { ex: tenant ? CACHE_TTL_SECONDS : MISS_TTL_SECONDS })
    .catch(() => undefined);
  return tenant;
}

/** Drops the cached entry; call after any change to a tenant's name, subdomain or plan. */
export async function invalidateTenantCache(subdomain: string): Promise<void> {
  await getRedis().del(redisKeys.tenantBySubdomain(subdomain)).catch(() => undefined);
}
