import { getRedis } from "@/lib/redis";
import { defaultBillingQueue, type BillingQueue } from "./billing-queue";

/**
 * Puts dead-lettered events back on the queue (after the cause was fixed: a price added to the plans,
 * a tenant linked). They get fresh attempts; the ledger lets a failed event be applied, once.
 */
export async function replayDeadLetters(queue: BillingQueue = defaultBillingQueue(), limit = 100): Promise<{ replayed: number }> {
  const redis = getRedis();
  const entries = (await redis.xrange<Record<string, unknown>>(queue.deadLetters, "-", "+", limit)) as Record<string, Record<string, unknown>> | null;
  let replayed = 0;
  for (const [entryId, fields] of Object.entries(entries ?? {})) {
    const event = typeof fields.event === "string" ? fields.event : JSON.stringify(fields.event ?? null);
    await redis.multi()
      .xadd(queue.stream, "*", { id: String(fields.id ?? ""), type: String(fields.type ?? ""), event })
      .xdel(queue.deadLetters, entryId)
      .exec();
    replayed++;
  }
  return { replayed };
}
