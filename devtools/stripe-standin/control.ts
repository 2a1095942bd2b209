// The test control API: things Stripe does on its own schedule (renewals, failed charges, trial ends),
// completing Checkout without a browser, and steering webhook delivery (re-send, hold, reorder, drop).
// The same interface is served over HTTP under /_control (control-routes.ts, control-client.ts).
import type { CheckoutCompletion, CheckoutFlow } from "./checkout-flow.ts";
import { invalidRequest } from "./errors.ts";
import type { EventLog } from "./event-log.ts";
import { cloneJson, type JsonObject } from "./json.ts";
import type { CheckoutSession, StripeEvent } from "./objects.ts";
import type { StandinStore } from "./store.ts";
import type { LifecycleResult, SubscriptionLifecycle } from "./subscription-lifecycle.ts";
import type { DeliveryAttempt, WebhookDelivery } from "./webhook-delivery.ts";

export type { CheckoutCompletion, DeliveryAttempt, LifecycleResult };
export type FlushOrder = "created" | "reverse" | string[];
export type DeliveryState = { paused: boolean; held: string[] };

export interface ControlApi {
  /** What the hosted page's Pay button does, without a browser. */
  completeCheckout(sessionId: string, options?: { email?: string }): Promise<CheckoutCompletion>;
  /** What Decline does: nothing changes; returns where the browser would go (cancel_url). */
  declineCheckout(sessionId: string): Promise<{ session: CheckoutSession; redirectUrl: string | null }>;
  /** Moves the subscription's clock to `to` (Unix seconds) or across `periods` period ends (default 1). */
  advanceClock(subscriptionId: string, target?: { to?: number; periods?: number }): Promise<LifecycleResult>;
  /** The next renewal's charge fails (or, if already past_due, the retry fails again). */
  failPayment(subscriptionId: string): Promise<LifecycleResult>;
  /** The open invoice gets paid: invoice.paid, status back to active. */
  recoverPayment(subscriptionId: string): Promise<LifecycleResult>;
  /** Retries are exhausted on a past_due subscription: canceled (customer.subscription.deleted) or unpaid. */
  exhaustRetries(subscriptionId: string, outcome: "canceled" | "unpaid"): Promise<LifecycleResult>;
  /** Ends a trial now: trial_will_end, a paid invoice, status active. */
  endTrial(subscriptionId: string): Promise<LifecycleResult>;
  /** Any event with any object (e.g. a poison event or an unhandled type), stored and delivered like the rest. */
  emitEvent(type: string, object: JsonObject, previousAttributes?: JsonObject): Promise<StripeEvent>;
  /** Delivers an event again (a fresh signature, the same id and body). */
  resend(eventId: string): Promise<DeliveryAttempt>;
  /** Delivers these events one after another in exactly this order. */
  deliverInOrder(eventIds: string[]): Promise<DeliveryAttempt[]>;
  /** While paused, new events are held; un-pausing sends the held ones in creation order. */
  setDelivery(options: { paused: boolean }): Promise<DeliveryState>;
  /** Sends held events: all in creation order, all reversed, or just these ids in this order. */
  flush(options?: { order?: FlushOrder }): Promise<DeliveryAttempt[]>;
  /** Throws held events away undelivered (all when no ids are given); returns the dropped ids. */
  dropHeld(eventIds?: string[]): Promise<string[]>;
  delivery(): Promise<DeliveryState>;
  /** Every event, oldest first. */
  events(): Promise<StripeEvent[]>;
  /** Every delivery attempt so far, in the order they finished. */
  deliveries(): Promise<DeliveryAttempt[]>;
  /** Resolves once no delivery is running or waiting to be retried. */
  settle(): Promise<void>;
}

export function createControl(deps: {
  store: StandinStore; events: EventLog; lifecycle: SubscriptionLifecycle; checkout: CheckoutFlow; delivery: WebhookDelivery;
}): ControlApi {
  const { store, events, lifecycle, checkout, delivery } = deps;
  // Results are copies, as over HTTP: a caller holding one never sees (or causes) later changes.
  const run = async <T>(work: () => T): Promise<T> => structuredClone(work());

  return {
    completeCheckout: (sessionId, options = {}) => run(() => checkout.complete(sessionId, options)),
    declineCheckout: (sessionId) => run(() => checkout.decline(sessionId)),
    advanceClock: (subscriptionId, target = {}) => run(() => lifecycle.advanceClock(store.subscription(subscriptionId), target)),
    failPayment: (subscriptionId) => run(() => lifecycle.failPayment(store.subscription(subscriptionId))),
    recoverPayment: (subscriptionId) => run(() => lifecycle.recoverPayment(store.subscription(subscriptionId))),
    exhaustRetries: (subscriptionId, outcome) => run(() => lifecycle.exhaustRetries(store.subscription(subscriptionId), outcome)),
    endTrial: (subscriptionId) => run(() => lifecycle.endTrialNow(store.subscription(subscriptionId))),
    emitEvent: (type, object, previousAttributes) =>
      run(() => {
        if (type === "") throw invalidRequest("type is required", "type");
        return events.emit(type, object, { previousAttributes });
      }),
    resend: async (eventId) => (await delivery.sendInOrder([store.event(eventId)], "resend"))[0]!,
    deliverInOrder: async (eventIds) => delivery.sendInOrder(eventIds.map((id) => store.event(id)), "resend"),
    setDelivery: async ({ paused }) => {
      const released = delivery.setPaused(paused);
      const state = { paused: delivery.paused, held: delivery.heldEventIds() };
      await released;
      return state;
    },
    flush: async ({ order = "created" } = {}) =>
      Array.isArray(order) ? delivery.sendInOrder(order.map((id) => store.event(id)), "flush") : delivery.flush(order),
    dropHeld: (eventIds) => run(() => delivery.drop(eventIds)),
    delivery: () => run(() => ({ paused: delivery.paused, held: delivery.heldEventIds() })),
    events: () => run(() => store.events.map((event) => cloneJson(event))),
    deliveries: () => run(() => delivery.log()),
    settle: () => delivery.settle(),
  };
}
