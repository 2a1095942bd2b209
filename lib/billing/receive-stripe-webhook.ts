import { defaultBillingQueue, type BillingQueue } from "./billing-queue";
import { enqueueStripeEvent } from "./enqueue-stripe-event";
import { isHandledStripeEventType } from "./stripe-event-types";
import { verifyStripeWebhook } from "./verify-stripe-webhook";

export interface WebhookReceipt {
  eventId: string;
  /** queued: added to the stream; duplicate: already queued earlier; ignored: a type we do not act on. */
  status: "queued" | "duplicate" | "ignored";
}

/**
 * The webhook's whole job: verify, drop irrelevant types, de-duplicate by event id and enqueue, so the
 * answer to Stripe is fast and never waits on PostgreSQL. The aggregator applies the event later.
 */
export async function receiveStripeWebhook(
  rawBody: Buffer,
  signature: string | null,
  queue: BillingQueue = defaultBillingQueue(),
): Promise<WebhookReceipt> {
  const event = verifyStripeWebhook(rawBody, signature);
  if (!isHandledStripeEventType(event.type)) return { eventId: event.id, status: "ignored" };
  const isQueued = await enqueueStripeEvent(queue, { id: event.id, type: event.type, payload: rawBody.toString("utf8") }, "webhook");
  return { eventId: event.id, status: isQueued ? "queued" : "duplicate" };
}
