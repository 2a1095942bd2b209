import type { TenantDb } from "@/lib/db";
import { planTierForPrice } from "./plan-prices";
import type { SubscriptionSnapshot } from "./to-subscription-snapshot";

/** The event a state comes from: Stripe's event id and creation time (whole seconds). */
export interface EventStamp {
  eventId: string;
  created: Date;
}

export interface SubscriptionStateInput {
  stripeSubId: string;
  stamp: EventStamp;
  /** The state the event carries; null for events that carry none (invoices, Checkout). */
  snapshot: SubscriptionSnapshot | null;
  fetchCurrent: (stripeSubId: string) => Promise<SubscriptionSnapshot>;
}

export interface SubscriptionChange {
  isStale: boolean;
  isPlanChanged: boolean;
}

/**
 * Stores a subscription's state unless the row already holds a newer one. Stripe does not deliver in
 * order, so each row remembers the event its state came from:
 *  - an event created before it is stale and changes nothing;
 *  - an event created after it is applied as it stands;
 *  - an event created in the same second cannot be ordered by time (and Stripe ids are not ordered),
 *    so the state is re-read from Stripe, which is newer than both: the result is the same whatever
 *    order the two arrived in.
 * Events without a subscription state (invoices, Checkout) always re-read it.
 * Runs under the tenant's billing lock (applyEventOnce), so the read and the write cannot interleave.
 */
export async function applySubscriptionState(db: TenantDb, tenantId: string, input: SubscriptionStateInput): Promise<SubscriptionChange> {
  const { stamp, stripeSubId } = input;
  const existing = await db.subscription.findFirst({ where: { stripeSubId } });
  const storedAt = existing?.statusEventCreated?.getTime();
  if (storedAt !== undefined && stamp.created.getTime() < storedAt) return { isStale: true, isPlanChanged: false };
  const isTie = storedAt !== undefined && stamp.created.getTime() === storedAt;
  const state = input.snapshot !== null && !isTie ? input.snapshot : await input.fetchCurrent(stripeSubId);

  const planTier = planTierForPrice(state.priceId);
  // A price the plans table does not know is a configuration error: fail (and dead-letter) rather
  // than silently downgrade a paying customer.
  if (planTier === null) throw new Error(`subscription ${stripeSubId} has price ${state.priceId}, which no plan uses`);
  // The grace period runs from the first event that found the subscription past due.
  const pastDueSince = state.status !== "past_due" ? null : existing?.status === "past_due" && existing.pastDueSince ? existing.pastDueSince : stamp.created;
  const data = {
    status: state.status,
    planTier,
    stripePriceId: state.priceId,
    expiresAt: state.expiresAt,
    currentPeriodStart: state.currentPeriodStart,
    cancelAtPeriodEnd: state.cancelAtPeriodEnd,
    trialEnd: state.trialEnd,
    canceledAt: state.canceledAt,
    pastDueSince,
    statusEventCreated: stamp.created,
    statusEventId: stamp.eventId,
  };
  if (existing) await db.subscription.updateMany({ where: { id: existing.id }, data });
  else await db.subscription.create({ data: { tenantId, stripeSubId, ...data } });
  return { isStale: false, isPlanChanged: existing?.planTier !== planTier || existing.status !== state.status };
}
