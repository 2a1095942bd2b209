import { Ratelimit } from "@upstash/ratelimit";
import { getRedis, redisKeys } from "@/lib/redis";
import { AppError } from "@/lib/errors";

// Limits are sliding windows in Redis, so they hold across server instances.
const LIMITS = {
  signUpPerIp: { tokens: 5, window: "10 m" },
  signInPerIp: { tokens: 30, window: "10 m" },
  signInPerAccount: { tokens: 10, window: "10 m" },
  invitationAcceptPerIp: { tokens: 10, window: "10 m" },
} as const;

export type LimitName = keyof typeof LIMITS;

const REDIS_TIMEOUT_MS = 2_000;

const limiters = new Map<LimitName, Ratelimit>();

function limiterFor(name: LimitName): Ratelimit {
  let limiter = limiters.get(name);
  if (!limiter) {
    const { tokens, window } = LIMITS[name];
    limiter = new Ratelimit({
      redis: getRedis(),
      limiter: Ratelimit.slidingWindow(tokens, window),
      prefix: redisKeys.rateLimitPrefix(name),
      // Not the default 5 s: a refusal (503) should come quickly. The library answers a timeout with
      // success; enforceRateLimit treats that as Redis being unavailable.
      timeout: REDIS_TIMEOUT_MS,
      analytics: false,
    });
    limiters.set(name, limiter);
  }
  return limiter;
}

/**
 * Consumes one token for `identifier`, throwing 429 with Retry-After when none is left.
 * Fails closed: if Redis cannot be reached the request is refused with 503, never let through.
 */
export async function enforceRateLimit(name: LimitName, identifier: string): Promise<void> {
  let result: Awaited<ReturnType<Ratelimit["limit"]>> | undefined;
  try {
    result = await limiterFor(name).limit(identifier);
  } catch {
    result = undefined;
  }
  // @upstash/ratelimit lets a request through when Redis does not answer in time (reason "timeout");
  // failing closed means refusing it like any other Redis failure.
  if (result === undefined || result.reason === "timeout") {
    throw new AppError("service_unavailable", "Rate limiting is unavailable; try again shortly.", undefined, {
      "Retry-After": "5",
    });
  }
  if (!result.success) {
    const retryAfter = Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
    throw new AppError("rate_limited", "Too many requests; try again later.", undefined, {
      "Retry-After": String(retryAfter),
      "RateLimit-Limit": String(result.limit),
      "RateLimit-Remaining": String(result.remaining),
      "RateLimit-Reset": String(retryAfter),
    });
  }
}
