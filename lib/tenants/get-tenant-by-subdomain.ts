import { resolveTenantRow, type TenantRow } from "@/lib/db";
import { getRedis, redisKeys } from "@/lib/redis";
import type { TenantContext } from "./tenant-context";

const CACHE_TTL_SECONDS = 300;
// Unknown subdomains are cached briefly too, so probing random hosts cannot hammer PostgreSQL;
// sign-up deletes the entry, so a new workspace is reachable at once.
const MISS_TTL_SECONDS = 30;
const MISS = { missing: true } as const;
// Every request resolves its tenant; a few seconds in process memory saves a Redis round trip on
// each (bench:roi). Another server instance sees a change within this bound, its own at once.
const LOCAL_TTL_MS = 5_000;
const LOCAL_MAX_ENTRIES = 10_000;

type CacheEntry = TenantContext | typeof MISS;

// On globalThis: Next bundles route handlers and pages separately, and a module-level Map would exist
// once per bundle, so an invalidation by one (the billing cron) would miss the other (the app shell).
const globalCache = globalThis as unknown as { roiTenantCache?: Map<string, { entry: CacheEntry; expiresAt: number }> };
const local = (globalCache.roiTenantCache ??= new Map());

function remember(subdomain: string, entry: CacheEntry): void {
  if (!local.has(subdomain) && local.size >= LOCAL_MAX_ENTRIES) local.delete(local.keys().next().value!);
  local.set(subdomain, { entry, expiresAt: Date.now() + LOCAL_TTL_MS });
}

/** Whether this process knows the subdomain's tenant (or its absence) without asking Redis. */
export function isTenantCachedLocally(subdomain: string): boolean {
  const hit = local.get(subdomain);
  return hit !== undefined && hit.expiresAt > Date.now();
}

/**
 * Caches what PostgreSQL said of a subdomain, in process and in Redis. A found tenant is stored in
 * Redis without holding up the request (a lost store costs a later lookup). A miss is awaited, so a
 * sign-up that follows in this process deletes it rather than racing it.
 */
export async function cacheTenant(subdomain: string, tenant: TenantContext | null): Promise<void> {
  remember(subdomain, tenant ?? MISS);
  const stored = getRedis()
    .set(redisKeys.tenantBySubdomain(subdomain), tenant ?? MISS, { ex: tenant ? CACHE_TTL_SECONDS : MISS_TTL_SECONDS })
    .catch(() => undefined);
  if (!tenant) await stored;
}

/** The TenantContext of a resolver row. */
export function tenantContextOf(row: TenantRow): TenantContext {
  return { id: row.id, name: row.name, subdomain: row.subdomain, planTier: row.plan_tier };
}

/**
 * subdomain -> tenant, cached in process for seconds and in Redis for minutes. Redis is an
 * optimisation here: if it is down the lookup goes to PostgreSQL and the request still works.
 */
export async function getTenantBySubdomain(subdomain: string): Promise<TenantContext | null> {
  const hit = local.get(subdomain);
  if (hit && hit.expiresAt > Date.now()) return "missing" in hit.entry ? null : hit.entry;

  const key = redisKeys.tenantBySubdomain(subdomain);
  const cached = await getRedis().get<CacheEntry>(key).catch(() => null);
  if (cached) {
    remember(subdomain, cached);
    return "missing" in cached ? null : cached;
  }

  const row = await resolveTenantRow(subdomain);
  const tenant: TenantContext | null = row ? tenantContextOf(row) : null;
  await cacheTenant(subdomain, tenant);
  return tenant;
}

/** Drops the cached entries (one Redis round trip); call after any change to a tenant's name, subdomain or plan. */
export async function invalidateTenantCache(...subdomains: string[]): Promise<void> {
  if (subdomains.length === 0) return;
  for (const subdomain of subdomains) local.delete(subdomain);
  await getRedis().del(...subdomains.map((subdomain) => redisKeys.tenantBySubdomain(subdomain))).catch(() => undefined);
}
