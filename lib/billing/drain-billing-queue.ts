import { ZodError } from "zod";
import { getRedis } from "@/lib/redis";
import { acquireBillingLock } from "./acquire-billing-lock";
import { applyStripeEvents, type EventResult } from "./apply-stripe-events";
import { defaultBillingQueue, type BillingQueue } from "./billing-queue";
import { deadLetterEntry } from "./dead-letter-entry";
import { isTransientBillingError } from "./is-transient-billing-error";
import type { TenantResolutionCache } from "./resolve-event-tenant";
import type { StripeEventEnvelope } from "./stripe-object-schemas";
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
  /** Transactions applying a batch side by side (see applyStripeEvents). */
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
  consumer: "aggregator", batchSize: 400, minIdleMs: 60_000, maxAttempts: 5, maxDeliveries: 20,
  budgetMs: 25_000, concurrency: 8, useLock: true,
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
 * Each event is applied in a PostgreSQL transaction that records it in the ledger first (a batch
 * shares a few, see applyStripeEvents), and only then acknowledged and deleted from the stream; a
 * run that dies in between leaves the entry pending, and the retry finds it in the ledger and
 * changes nothing.
 */
export async function drainBillingQueue(options: DrainOptions = {}): Promise<DrainReport> {
  const settings = { ...DEFAULTS, ...options };
  const queue = options.queue ?? defaultBillingQueue();
  const redis = getRedis();
  const report: DrainReport = { locked: false, applied: 0, ignored: 0, duplicates: 0, failed: 0, deferred: 0, reclaimed: 0, deadLettered: 0 };
  const deadline = Date.now() + settings.budgetMs;
  let isStopped = false;
  const tenantCache: TenantResolutionCache = new Map();
  // The audit writes and stream acknowledgements of applied batches, overlapping the next batch; the
  // run ends when they are done.
  let settling: Promise<unknown> = Promise.resolve();
  const canContinue = () => !isStopped && Date.now() < deadline;

  await ensureConsumerGroup(queue);
  const lock = settings.useLock ? await acquireBillingLock(queue, settings.budgetMs + LOCK_MARGIN_MS) : null;
  if (settings.useLock && !lock) return { ...report, locked: true };

  const processEntries = async (entries: QueueEntry[]) => {
    type Result = { entry: QueueEntry } & EventResult;
    const parsed: { entry: QueueEntry; event: StripeEventEnvelope }[] = [];
    const results: Result[] = [];
    for (const entry of entries) {
      try {
        parsed.push({ entry, event: eventOfEntry(entry) });
      } catch (error) {
        results.push({ entry, isDone: false, error });
      }
    }
    const applied = await applyStripeEvents(parsed.map(({ event }) => event), {
      tenantCache, concurrency: settings.concurrency, deferAudit: (written) => (settling = Promise.all([settling, written])),
    });
    parsed.forEach(({ entry }, index) => results.push({ entry, ...applied[index]! }));
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
    // The batch's effects are committed: its acknowledgements overlap the next batch (the run ends
    // when they are done; a run that dies first leaves the entries pending, and their retry is a no-op).
    const acknowledged = Promise.all([
      doneIds.length > 0
        ? redis.multi().xack(queue.stream, queue.group, doneIds).xdel(queue.stream, doneIds).hdel(queue.errors, ...doneIds).hdel(queue.attempts, ...doneIds).exec()
        : undefined,
      failureCount > 0 ? failures.exec() : undefined,
    ]);
    settling = Promise.all([settling, acknowledged]);
    // Handled when awaited at the end of the run; until then a rejection must not count as unhandled.
    settling.catch(() => undefined);
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

  const readNewEntries = () => {
    const read = redis.xreadgroup(queue.group, settings.consumer, queue.stream, ">", { count: settings.batchSize }).then(toReadGroupEntries);
    // Awaited in the loop below; until then a rejection must not count as unhandled.
    read.catch(() => undefined);
    return read;
  };

  try {
    await reclaimStuckEntries();
    // The next batch is read while this one is applied. Should the run stop meanwhile, what it read
    // stays pending and is reclaimed by a later run (after minIdleMs), like the entries of a crashed one.
    let next: Promise<QueueEntry[]> = canContinue() ? readNewEntries() : Promise.resolve([]);
    for (;;) {
      const entries = await next;
      if (entries.length === 0) break;
      next = canContinue() ? readNewEntries() : Promise.resolve([]);
      await processEntries(entries);
      if (!canContinue()) break;
    }
  } finally {
    try {
      await settling;
    } finally {
      await lock?.release();
    }
  }
  return report;
}
