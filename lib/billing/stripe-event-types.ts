// The Stripe events the billing pipeline acts on; the webhook answers 200 to every other type without
// enqueuing it, and the reconciler lists only these (events.list accepts at most 20 types).
export const HANDLED_STRIPE_EVENT_TYPES = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.trial_will_end",
  "invoice.paid",
  "invoice.payment_failed",
  "invoice.payment_action_required",
] as const;

export type HandledStripeEventType = (typeof HANDLED_STRIPE_EVENT_TYPES)[number];

const HANDLED = new Set<string>(HANDLED_STRIPE_EVENT_TYPES);

export function isHandledStripeEventType(type: string): type is HandledStripeEventType {
  return HANDLED.has(type);
}
