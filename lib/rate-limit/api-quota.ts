import { Ratelimit } from "@upstash/ratelimit";
import { AppError } from "@/lib/errors";
import { PLANS, PLAN_TIERS, type PlanTier } from "@/lib/plans/plans";
import { getRedis, redisKeys } from "@/lib/redis";

// The per-tenant API quota: plan.limits.apiRequestsPerMinute requests per tenant per minute, counted in
// Redis so it holds across server instances.
//
// Fixed one-minute windows, not sliding ones: a tenant found over quota is remembered in process until
// its window ends (the limiter's ephemeral cache), so a flood is refused with no Redis call at all. That
// is exact for a fixed window; a sliding window may free a token earlier, and the cache would refuse
// it. The cost is that a burst across a window boundary can reach twice the limit for a moment.
//
// When Redis cannot be reached the API stays up (the quota is fairness, not security; sign-in limits
// fail closed instead, see limiters.ts): each server instance counts the tenant's requests in memory
// over the same windows and refuses past the plan's limit, and leaves Redis alone for a few seconds.

export const API_QUOTA_WINDOW_MS = 60_000;
// How long a quota check may wait for Redis before the in-memory count decides.
const REDIS_TIMEOUT_MS = 1_000;
// After a Redis failure, the in-memory count alone is used for this long (no request pays a timeout).
const REDIS_RETRY_AFTER_MS = 5_000;
const LOCAL_MAX_TENANTS = 10_000;

export interface QuotaDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window ends and the quota refills. */
  resetAt: number;
  /** redis: counted in Redis; cache: known over quota in process; local: Redis down, counted in process. */
  source: "redis" | "cache" | "local";
}

interface QuotaState {
  limiters: Map<PlanTier, { limiter: Ratelimit; blocked: Map<string, number> }>;
  local: Map<string, { window: number; count: number }>;
  redisDownUntil: number;
  /** Host (subdomain) -> end of the window its tenant was refused for, in this process. */
  refusedHosts: Map<string, number>;
}

// On globalThis: Next bundles each route separately, and a module-level cache would exist once per
// bundle, so a tenant blocked by one route would still cost Redis calls on every other route.
const globalState = globalThis as unknown as { roiApiQuota?: QuotaState };
const state: QuotaState = (globalState.roiApiQuota ??= { limiters: new Map(), local: new Map(), redisDownUntil: 0, refusedHosts: new Map() });
state.refusedHosts ??= new Map(); // a state made by an earlier version of this module (dev reloads)

const PREFIX = redisKeys.rateLimitPrefix("api");

function tierOf(planTier: string): PlanTier {
  return (PLAN_TIERS as readonly string[]).includes(planTier) ? (planTier as PlanTier) : "free";
}

/** The plan's requests per minute; an unknown tier gets the free plan's. */
export function apiQuotaLimit(planTier: string): number {
  return PLANS[tierOf(planTier)].limits.apiRequestsPerMinute;
}

// One limiter per tier, all counting under the same key per tenant and window: an upgrade keeps the
// requests already made this minute and raises the ceiling above them.
function limiterFor(tier: PlanTier): { limiter: Ratelimit; blocked: Map<string, number> } {
  let entry = state.limiters.get(tier);
  if (!entry) {
    const blocked = new Map<string, number>();
    const limiter = new Ratelimit({
      redis: getRedis(),
      limiter: Ratelimit.fixedWindow(apiQuotaLimit(tier), `${API_QUOTA_WINDOW_MS / 1000} s`),
      prefix: PREFIX,
      ephemeralCache: blocked,
      timeout: REDIS_TIMEOUT_MS,
      analytics: false,
    });
    entry = { limiter, blocked };
    state.limiters.set(tier, entry);
  }
  return entry;
}

function windowEnd(now: number): number {
  return (Math.floor(now / API_QUOTA_WINDOW_MS) + 1) * API_QUOTA_WINDOW_MS;
}

/**
 * A refusal known without asking Redis: the tenant went over its quota earlier in this window (as
 * Redis or, during an outage, the in-memory count said). Lets a flood be refused before any work.
 */
export function knownApiQuotaRefusal(tenantId: string, planTier: string, now: number = Date.now()): QuotaDecision | undefined {
  const tier = tierOf(planTier);
  const limit = apiQuotaLimit(tier);
  const blockedUntil = state.limiters.get(tier)?.blocked.get(`${PREFIX}:${tenantId}`);
  if (blockedUntil !== undefined && blockedUntil > now) {
    return { allowed: false, limit, remaining: 0, resetAt: blockedUntil, source: "cache" };
  }
  const local = state.local.get(tenantId);
  if (now < state.redisDownUntil && local && local.window === Math.floor(now / API_QUOTA_WINDOW_MS) && local.count >= limit) {
    return { allowed: false, limit, remaining: 0, resetAt: windowEnd(now), source: "local" };
  }
  return undefined;
}

/**
 * Marks a host whose tenant was refused over quota until `until` (the window's end). The API wrapper
 * then resolves that host through the tenant cache, which lets it refuse before authentication, rather
 * than through the PostgreSQL lookup of workspace and key together (see lib/api/with-tenant.ts).
 */
export function markHostOverQuota(subdomain: string, until: number): void {
  const hosts = state.refusedHosts;
  if (!hosts.has(subdomain) && hosts.size >= LOCAL_MAX_TENANTS) hosts.delete(hosts.keys().next().value!);
  hosts.set(subdomain, until);
}

/** Whether the host's tenant was refused over quota in its current window, in this process. */
export function isHostOverQuota(subdomain: string, now: number = Date.now()): boolean {
  const until = state.refusedHosts.get(subdomain);
  if (until === undefined) return false;
  if (until > now) return true;
  state.refusedHosts.delete(subdomain);
  return false;
}

// The Redis-down count: same windows as Redis, per server instance.
function countLocally(tenantId: string, limit: number, now: number): QuotaDecision {
  const window = Math.floor(now / API_QUOTA_WINDOW_MS);
  let entry = state.local.get(tenantId);
  if (!entry || entry.window !== window) {
    if (!entry && state.local.size >= LOCAL_MAX_TENANTS) state.local.delete(state.local.keys().next().value!);
    entry = { window, count: 0 };
    state.local.set(tenantId, entry);
  }
  entry.count += 1;
  return { allowed: entry.count <= limit, limit, remaining: Math.max(0, limit - entry.count), resetAt: windowEnd(now), source: "local" };
}

/** Consumes one request of the tenant's quota for this minute. Never rejects: see the outage rule above. */
export async function consumeApiQuota(tenantId: string, planTier: string): Promise<QuotaDecision> {
  const tier = tierOf(planTier);
  const limit = apiQuotaLimit(tier);
  if (Date.now() < state.redisDownUntil) return countLocally(tenantId, limit, Date.now());
  try {
    const result = await limiterFor(tier).limiter.limit(tenantId);
    // On timeout the library answers "success"; that is an unanswered Redis, not a granted request.
    if (result.reason === "timeout") throw new Error("rate limit timed out");
    return {
      allowed: result.success,
      limit,
      remaining: result.remaining,
      resetAt: result.reset,
      source: result.reason === "cacheBlock" ? "cache" : "redis",
    };
  } catch {
    state.redisDownUntil = Date.now() + REDIS_RETRY_AFTER_MS;
    return countLocally(tenantId, limit, Date.now());
  }
}

function secondsUntil(resetAt: number, now: number): number {
  return Math.max(1, Math.ceil((resetAt - now) / 1000));
}

/**
 * RateLimit-* headers (IETF draft "RateLimit header fields for HTTP"): the ceiling, what is left, and
 * seconds until the window resets; RateLimit-Policy names the window.
 */
export function apiQuotaHeaders(decision: QuotaDecision, now: number = Date.now()): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(secondsUntil(decision.resetAt, now)),
    "RateLimit-Policy": `${decision.limit};w=${API_QUOTA_WINDOW_MS / 1000}`,
  };
}

/** The 429 for a refused request, with Retry-After and the RateLimit-* headers. */
export function apiQuotaError(decision: QuotaDecision, now: number = Date.now()): AppError {
  return new AppError(
    "rate_limited",
    `This workspace's plan allows ${decision.limit} API requests per minute; try again shortly.`,
    undefined,
    { "Retry-After": String(secondsUntil(decision.resetAt, now)), ...apiQuotaHeaders(decision, now) },
  );
}
