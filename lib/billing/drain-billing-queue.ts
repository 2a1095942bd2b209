import { ZodError } from "zod";
import { getRedis } from "@/lib/redis";
import { acquireBillingLock } from "./acquire-billing-lock";
import { applyStripeEvent, type AppliedEvent } from "./apply-stripe-event";
import { defaultBillingQueue, type BillingQueue } from "./billing-queue";
import { deadLetterEntry } from "./dead-letter-entry";
import { isTransientBillingError } from "./is-transient-billing-error";
import type { TenantResolutionCache } from "./resolve-event-tenant";
import { eventOfEntry, toPendingEntries, toQueueEntries, toReadGroupEntries, type QueueEntry } from "./queue-entries";

export interface DrainOptions {
  queue?: BillingQueue;
  /** The consumer name in the group; runs share it (entries of a dead run are reclaimed by idle time). */
  consumer?: string;
  batchSize?: number;
  /** An entry read but not acknowledged for this long belongs to a run that died or failed: retry it. */
  minIdleMs?: number;
  /** Failed attempts after which an entry is dead-lettered. */
  maxAttempts?: number;
  /** Deliveries after which an entry is dead-lettered even with no failure on record (it crashed its runs). */
  maxDeliveries?: number;
  /** Stop starting new batches after this long (cron functions have a time limit). */
  budgetMs?: number;
  concurrency?: number;
  /** Skip the run if another one holds the queue's lock (default). Tests turn it off to race runs. */
  useLock?: boolean;
}

export interface DrainReport {
  /** Another run held the lock; this one did nothing. */
  locked: boolean;
  applied: number;
  ignored: number;
  duplicates: number;
  /** Attempts that failed and will be retried. */
  failed: number;
  /** Attempts deferred because a dependency was down (not counted against the event); the run stopped. */
  deferred: number;
  reclaimed: number;
  deadLettered: number;
}

const DEFAULTS = {
  consumer: "aggregator", batchSize: 100, minIdleMs: 60_000, maxAttempts: 5, maxDeliveries: 20,
  budgetMs: 25_000, concurrency: 4, useLock: true,
};
const LOCK_MARGIN_MS = 30_000;
const MAX_ERROR_LENGTH = 2_000;

async function ensureConsumerGroup(queue: BillingQueue): Promise<void> {
  try {
    // From the start of the stream: entries queued before the group existed are read too. Recreated
    // here on every run, so a stream lost with Redis comes back with its group.
    await getRedis().xgroup(queue.stream, { type: "CREATE", group: queue.group, id: "0", options: { MKSTREAM: true } });
  } catch (error) {
    if (!String(error).includes("BUSYGROUP")) throw error;
  }
}

async function mapWithConcurrency<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** One line for the log, the error hash and the ledger (never sent to a client). */
function describe(error: unknown): string {
  const text = error instanceof ZodError
    ? `invalid Stripe object: ${error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ")}`
    : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, MAX_ERROR_LENGTH);
}

/**
 * One aggregator run (GET /api/v1/cron/billing): first the entries earlier runs left unacknowledged
 * (retried, or dead-lettered once they have failed maxAttempts times), then new entries, in batches.
 * Each event is applied in its own PostgreSQL transaction that records it in the ledger first, and
 * only then acknowledged and deleted from the stream; a run that dies in between leaves the entry
 * pending, and the retry finds it in the ledger and changes nothing.
 */
export async function drainBillingQueue(options: DrainOptions = {}): Promise<DrainReport> {
  const settings = { ...DEFAULTS, ...options };
  const queue = options.queue ?? defaultBillingQueue();
  const redis = getRedis();
  const report: DrainReport = { locked: false, applied: 0, ignored: 0, duplicates: 0, failed: 0, deferred: 0, reclaimed: 0, deadLettered: 0 };
  const deadline = Date.now() + settings.budgetMs;
  let isStopped = false;
  const tenantCache: TenantResolutionCache = new Map();
  const canContinue = () => !isStopped && Date.now() < deadline;

  await ensureConsumerGroup(queue);
  const lock = settings.useLock ? await acquireBillingLock(queue, settings.budgetMs + LOCK_MARGIN_MS) : null;
  if (settings.useLock && !lock) return { ...report, locked: true };

  const processEntries = async (entries: QueueEntry[]) => {
    type Result = { entry: QueueEntry; isDone: true; applied: AppliedEvent } | { entry: QueueEntry; isDone: false; error: unknown };
    const results = await mapWithConcurrency(entries, settings.concurrency, async (entry): Promise<Result> => {
      try {
        return { entry, isDone: true, applied: await applyStripeEvent(eventOfEntry(entry), tenantCache) };
      } catch (error) {
        return { entry, isDone: false, error };
      }
    });
    const doneIds: string[] = [];
    const failures = redis.multi();
    let failureCount = 0;
    for (const result of results) {
      if (result.isDone) {
        doneIds.push(result.entry.entryId);
        const { outcome } = result.applied;
        if (outcome === "applied") report.applied++;
        else if (outcome === "ignored") report.ignored++;
        else report.duplicates++;
        continue;
      }
      failureCount++;
      const { entryId } = result.entry;
      if (isTransientBillingError(result.error)) {
        report.deferred++;
        isStopped = true;
      } else {
        report.failed++;
        failures.hincrby(queue.attempts, entryId, 1);
        console.error(`billing: applying stream entry ${entryId} failed: ${describe(result.error)}`);
      }
      failures.hset(queue.errors, { [entryId]: describe(result.error) });
    }
    if (doneIds.length > 0) {
      await redis.multi()
        .xack(queue.stream, queue.group, doneIds)
        .xdel(queue.stream, doneIds)
        .hdel(queue.errors, ...doneIds)
        .hdel(queue.attempts, ...doneIds)
        .exec();
    }
    if (failureCount > 0) await failures.exec();
  };

  const readEntry = async (entryId: string): Promise<QueueEntry | null> => {
    const found = await redis.xrange<Record<string, unknown>>(queue.stream, entryId, entryId);
    const fields = (found as Record<string, Record<string, unknown>> | null)?.[entryId];
    return fields ? { entryId, fields } : null;
  };

  const reclaimStuckEntries = async () => {
    let start = "-";
    while (canContinue()) {
      const pending = toPendingEntries(
        await redis.xpending(queue.stream, queue.group, start, "+", settings.batchSize, { idleTime: settings.minIdleMs }),
      );
      if (pending.length === 0) return;
      // Exclusive: each pending entry is looked at once per run, even when minIdleMs is 0.
      start = `(${pending.at(-1)!.entryId}`;
      const ids = pending.map((entry) => entry.entryId);
      const attempts = (await redis.hmget<Record<string, unknown>>(queue.attempts, ...ids)) ?? {};
      const toRetry: string[] = [];
      for (const { entryId, deliveries } of pending) {
        const failedAttempts = Number(attempts[entryId] ?? 0);
        if (failedAttempts < settings.maxAttempts && deliveries < settings.maxDeliveries) {
          toRetry.push(entryId);
          continue;
        }
        const entry = await readEntry(entryId);
        const lastError = String((await redis.hget(queue.errors, entryId)) ?? "no error recorded: the runs that read it stopped while applying it");
        if (entry) await deadLetterEntry(queue, entry, Math.max(failedAttempts, deliveries), lastError);
        else await redis.multi().xack(queue.stream, queue.group, entryId).hdel(queue.errors, entryId).hdel(queue.attempts, entryId).exec();
        report.deadLettered++;
      }
      if (toRetry.length > 0) {
        const claimed = toQueueEntries(await redis.xclaim(queue.stream, queue.group, settings.consumer, settings.minIdleMs, toRetry));
        report.reclaimed += claimed.length;
        await processEntries(claimed);
      }
      if (pending.length < settings.batchSize) return;
    }
  };

  try {
    await reclaimStuckEntries();
    while (canContinue()) {
      const entries = toReadGroupEntries(await redis.xreadgroup(queue.group, settings.consumer, queue.stream, ">", { count: settings.batchSize }));
      if (entries.length === 0) break;
      await processEntries(entries);
    }
  } finally {
    await lock?.release();
  }
  return report;
}
