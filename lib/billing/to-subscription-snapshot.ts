import { planTierForPrice } from "./plan-prices";
import { subscriptionSchema, type StripeSubscription } from "./stripe-object-schemas";

/** A Stripe subscription reduced to what the subscriptions table stores. */
export interface SubscriptionSnapshot {
  stripeSubId: string;
  customerId: string;
  status: StripeSubscription["status"];
  priceId: string;
  currentPeriodStart: Date;
  /** expires_at: the period end, or when the subscription ended if it has. */
  expiresAt: Date;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
  canceledAt: Date | null;
  /** The tenant id our Checkout Session put in the subscription's metadata, if any. */
  tenantHint: string | null;
}

const fromUnix = (seconds: number) => new Date(seconds * 1000);

/** Parses a subscription (webhook payload or SDK response) into the stored shape. */
export function toSubscriptionSnapshot(input: unknown): SubscriptionSnapshot {
  const subscription = subscriptionSchema.parse(input);
  // The plan is the item whose price the plans table knows; otherwise the first (flagged later).
  const item = subscription.items.data.find((candidate) => planTierForPrice(candidate.price.id) !== null) ?? subscription.items.data[0]!;
  const periodEnd = item.current_period_end;
  // In current API versions cancel_at_period_end=true also sets cancel_at; a cancel_at within the
  // current period means the same thing for the customer.
  const isCanceling = subscription.cancel_at_period_end || (subscription.cancel_at != null && subscription.cancel_at <= periodEnd);
  return {
    stripeSubId: subscription.id,
    customerId: subscription.customer,
    status: subscription.status,
    priceId: item.price.id,
    currentPeriodStart: fromUnix(item.current_period_start),
    expiresAt: fromUnix(subscription.ended_at ?? periodEnd),
    cancelAtPeriodEnd: isCanceling,
    trialEnd: subscription.trial_end == null ? null : fromUnix(subscription.trial_end),
    canceledAt: subscription.canceled_at == null ? null : fromUnix(subscription.canceled_at),
    tenantHint: subscription.metadata.tenant_id ?? null,
  };
}
