import { AppError } from "@/lib/errors";
import { getRedis } from "@/lib/redis";
import type { BillingQueue } from "./billing-queue";

// Stripe retries an unacknowledged event for up to three days; a marker that outlives that window
// turns every retry of an event we already queued into a no-op.
export const SEEN_TTL_SECONDS = 4 * 24 * 3600;
// The reconciler re-enqueues an event it finds missing at most once per hour.
export const REQUEUE_TTL_SECONDS = 3600;

// Marker and XADD in one script: a marker without its stream entry (a crash between two commands)
// would make every later retry of that event look like a duplicate.
const ENQUEUE_ONCE = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  return redis.call('XADD', KEYS[2], '*', 'id', ARGV[2], 'type', ARGV[3], 'event', ARGV[4])
end
return false`;

export interface QueuedEvent {
  id: string;
  type: string;
  /** The event's JSON exactly as Stripe signed it (or as the API listed it, for the reconciler). */
  payload: string;
}

/**
 * Adds an event to the stream unless its marker says it was added already. `via` picks the marker:
 * the webhook's (one entry per event id, however often Stripe delivers it) or the reconciler's.
 * Returns whether an entry was added. Redis being unreachable is a 503: Stripe will retry.
 */
export async function enqueueStripeEvent(queue: BillingQueue, event: QueuedEvent, via: "webhook" | "reconciler"): Promise<boolean> {
  const marker = via === "webhook" ? queue.seen(event.id) : queue.requeued(event.id);
  const ttl = via === "webhook" ? SEEN_TTL_SECONDS : REQUEUE_TTL_SECONDS;
  try {
    const entryId = await getRedis().eval<string[], string | null>(
      ENQUEUE_ONCE,
      [marker, queue.stream],
      [String(ttl), event.id, event.type, event.payload],
    );
    return typeof entryId === "string";
  } catch (error) {
    console.error(`billing queue: could not enqueue ${event.id}`, error);
    throw new AppError("service_unavailable", "The billing queue is unavailable; retry later.", undefined, { "Retry-After": "5" });
  }
}
