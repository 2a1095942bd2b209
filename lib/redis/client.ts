import { errors, Redis } from "@upstash/redis";
import { getConfig } from "@/lib/config";
import { createNodeHttpRequester } from "./node-http-requester";

// The only place @upstash/redis is constructed. Production points UPSTASH_REDIS_REST_URL at Upstash;
// development and tests point it at devtools/upstash-bridge in front of a real Redis.

const globalForRedis = globalThis as unknown as { roiRedis?: Redis; roiRedisRequester?: ReturnType<typeof createNodeHttpRequester> };

function requester(): ReturnType<typeof createNodeHttpRequester> {
  if (!globalForRedis.roiRedisRequester) {
    const config = getConfig();
    globalForRedis.roiRedisRequester = createNodeHttpRequester({
      url: config.UPSTASH_REDIS_REST_URL, token: config.UPSTASH_REDIS_REST_TOKEN, retries: 1, backoffMs: 50, timeoutMs: 10_000,
    });
  }
  return globalForRedis.roiRedisRequester;
}

/** The shared Redis client. Fails fast (one retry) so callers can answer 503 instead of hanging. */
export function getRedis(): Redis {
  return (globalForRedis.roiRedis ??= new Redis(requester()));
}

/**
 * EVAL answering strings as Redis stored them (no JSON decoding), for a value sent on as it is, such
 * as a cached report that becomes the response body.
 */
export async function evalRaw<TData>(script: string, keys: string[], args: string[]): Promise<TData> {
  // Straight to the REST requester: the client's own commands always JSON-decode string replies.
  const reply = await requester().request<TData>({ body: ["eval", script, keys.length, ...keys, ...args] });
  if (reply.error) throw new errors.UpstashError(reply.error);
  return reply.result as TData;
}

/** Redis key names in one place; tenant data is namespaced by tenant id. */
export const redisKeys = {
  tenantBySubdomain: (subdomain: string) => `rs:tenant-by-sub:${subdomain}`,
  tenant: (tenantId: string, suffix: string) => `rs:t:${tenantId}:${suffix}`,
  rateLimitPrefix: (name: string) => `rs:rl:${name}`,
  // Every key of one billing queue carries the same {hash tag}, so a script may touch several of them
  // on a clustered Redis (they land in one slot).
  billingQueue: (queueName: string, suffix: string) => `rs:{billing-${queueName}}:${suffix}`,
  // Audit events waiting for MongoDB (a stream, oldest first), per audit database they belong to.
  auditParked: (database: string) => `rs:audit:parked:${database}`,
  auditParkedRejected: (database: string) => `rs:audit:parked-rejected:${database}`,
  // Development mail outbox (a capped list, newest first); never used in production.
  devOutbox: () => "rs:dev:outbox",
};
