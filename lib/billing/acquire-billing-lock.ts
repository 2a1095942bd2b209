import { randomUUID } from "node:crypto";
import { getRedis } from "@/lib/redis";
import type { BillingQueue } from "./billing-queue";

const RELEASE_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface BillingLock {
  release(): Promise<void>;
}

/**
 * One aggregator run at a time per queue, so overlapping cron hits do not compete for the same entries.
 * Correctness does not depend on it (the ledger makes each event's effect exactly-once); the lock
 * expires on its own if a run dies. Returns null when another run holds it.
 */
export async function acquireBillingLock(queue: BillingQueue, ttlMs: number): Promise<BillingLock | null> {
  const token = randomUUID();
  const redis = getRedis();
  const acquired = await redis.set(queue.lock, token, { nx: true, px: ttlMs });
  if (acquired !== "OK") return null;
  return {
    release: async () => {
      await redis.eval(RELEASE_IF_OWNER, [queue.lock], [token]).catch(() => undefined);
    },
  };
}
