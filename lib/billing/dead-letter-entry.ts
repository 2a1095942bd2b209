import { recordFailedEvent, type LedgerEvent } from "@/lib/db";
import { getRedis } from "@/lib/redis";
import type { BillingQueue } from "./billing-queue";
import { entryPayload, eventOfEntry, type QueueEntry } from "./queue-entries";

function ledgerEventOf(entry: QueueEntry): LedgerEvent | null {
  try {
    const event = eventOfEntry(entry);
    return { id: event.id, type: event.type, created: new Date(event.created * 1000) };
  } catch {
    // A body that is not an event still names its id and type in the entry's own fields.
    const { id, type } = entry.fields;
    return typeof id === "string" && typeof type === "string" ? { id, type: type.slice(0, 100), created: new Date() } : null;
  }
}

/**
 * Moves an entry that kept failing to the dead-letter stream with its last error, and marks its
 * event failed in the ledger (which also keeps the reconciler from enqueuing it again). Replay with
 * replayDeadLetters once the cause is fixed.
 */
export async function deadLetterEntry(queue: BillingQueue, entry: QueueEntry, attempts: number, lastError: string): Promise<void> {
  const ledgerEvent = ledgerEventOf(entry);
  if (ledgerEvent) await recordFailedEvent(ledgerEvent, lastError, attempts);
  await getRedis()
    .multi()
    .xadd(queue.deadLetters, "*", {
      id: ledgerEvent?.id ?? "", type: ledgerEvent?.type ?? "", event: entryPayload(entry),
      error: lastError, attempts: String(attempts), entry: entry.entryId, failedAt: new Date().toISOString(),
    })
    .xack(queue.stream, queue.group, entry.entryId)
    .xdel(queue.stream, entry.entryId)
    .hdel(queue.errors, entry.entryId)
    .hdel(queue.attempts, entry.entryId)
    .exec();
}
