import { getStripe } from "./stripe-client";
import { toSubscriptionSnapshot, type SubscriptionSnapshot } from "./to-subscription-snapshot";

/** The subscription as Stripe holds it now: the source of truth when events cannot be ordered. */
export async function fetchSubscriptionSnapshot(stripeSubId: string): Promise<SubscriptionSnapshot> {
  return toSubscriptionSnapshot(await getStripe().subscriptions.retrieve(stripeSubId));
}
