import { advanceBillingWatermark, findRecordedEventIds, readBillingWatermark } from "@/lib/db";
import { defaultBillingQueue, type BillingQueue } from "./billing-queue";
import { enqueueStripeEvent } from "./enqueue-stripe-event";
import { HANDLED_STRIPE_EVENT_TYPES } from "./stripe-event-types";
import { getStripe, type Stripe } from "./stripe-client";

export interface ReconcileOptions {
  queue?: BillingQueue;
  now?: Date;
  /** Events younger than this are left to the webhook, which is normally about to deliver them. */
  minAgeSeconds?: number;
  /** Where the first run starts: Stripe retries an event for three days, so older ones were delivered. */
  lookbackSeconds?: number;
  /** At most this many events per run (newest first, as Stripe lists them). */
  maxEvents?: number;
}

export interface ReconcileReport {
  listed: number;
  /** Listed events the ledger does not hold and that were put back on the queue. */
  enqueued: number;
  watermark: string;
}

const DEFAULTS = { minAgeSeconds: 60, lookbackSeconds: 3 * 24 * 3600, maxEvents: 5_000 };

function toEnvelope(event: Stripe.Event): string {
  return JSON.stringify({ id: event.id, object: "event", type: event.type, created: event.created, api_version: event.api_version, data: event.data });
}

/**
 * Stripe is the source of truth: lists its events since the watermark and enqueues every one the
 * ledger never recorded (acknowledged to Stripe, then lost with Redis, say). The watermark then moves
 * to the oldest event still unrecorded (it is checked again next time) or, when all are recorded, to
 * the newest listed; `created[gte]` re-lists that second, whose other events may have come later.
 */
export async function reconcileStripeEvents(options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const settings = { ...DEFAULTS, ...options };
  const queue = options.queue ?? defaultBillingQueue();
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const watermarkName = `stripe-events:${queue.name}`;
  const stored = await readBillingWatermark(watermarkName);
  const since = stored ? Math.floor(stored.getTime() / 1000) : nowSeconds - settings.lookbackSeconds;

  const listed: Stripe.Event[] = [];
  let isTruncated = false;
  for await (const event of getStripe().events.list({ created: { gte: since }, types: [...HANDLED_STRIPE_EVENT_TYPES], limit: 100 })) {
    if (listed.length >= settings.maxEvents) {
      isTruncated = true;
      break;
    }
    listed.push(event);
  }

  const recorded = await findRecordedEventIds(listed.map((event) => event.id));
  const unrecorded = listed.filter((event) => !recorded.has(event.id));
  let enqueued = 0;
  for (const event of unrecorded) {
    if (event.created > nowSeconds - settings.minAgeSeconds) continue;
    if (await enqueueStripeEvent(queue, { id: event.id, type: event.type, payload: toEnvelope(event) }, "reconciler")) enqueued++;
  }

  let next = since;
  if (unrecorded.length > 0) next = Math.min(...unrecorded.map((event) => event.created));
  else if (listed.length > 0) next = Math.max(...listed.map((event) => event.created));
  // A truncated listing saw only the newest events: the older ones have not been compared yet.
  const watermark = new Date((isTruncated ? since : Math.max(next, since)) * 1000);
  await advanceBillingWatermark(watermarkName, watermark);
  return { listed: listed.length, enqueued, watermark: watermark.toISOString() };
}
