// What Stripe does when a customer pays or leaves a subscription-mode Checkout Session.
import { invalidRequest } from "./errors.ts";
import type { EventLog, EventRequest } from "./event-log.ts";
import { newId } from "./ids.ts";
import {
  buildCustomer, buildSubscription, buildSubscriptionItem, unixNow,
  type CheckoutSession, type Customer, type Invoice, type StripeEvent, type Subscription,
} from "./objects.ts";
import { periodAt } from "./periods.ts";
import type { CheckoutRecord, StandinStore } from "./store.ts";
import type { SubscriptionLifecycle } from "./subscription-lifecycle.ts";

const DAY = 86_400;

export type CheckoutCompletion = {
  session: CheckoutSession;
  customer: Customer;
  subscription: Subscription;
  invoice: Invoice;
  events: StripeEvent[];
  /** Where Stripe sends the browser next: success_url with {CHECKOUT_SESSION_ID} filled in. */
  redirectUrl: string | null;
};

/** Stripe replaces the literal `{CHECKOUT_SESSION_ID}` in success_url with the session id. */
export function successRedirect(session: CheckoutSession): string | null {
  return session.success_url === null ? null : session.success_url.replaceAll("{CHECKOUT_SESSION_ID}", session.id);
}

export class CheckoutFlow {
  constructor(
    private readonly store: StandinStore,
    private readonly events: EventLog,
    private readonly lifecycle: SubscriptionLifecycle,
  ) {}

  /**
   * Pay: the customer (created if the session had none), the subscription (active, or trialing with a $0
   * first invoice), its first invoice (paid), the session completed; events customer.subscription.created,
   * invoice.paid, checkout.session.completed. Paying a completed session again changes nothing.
   */
  complete(sessionId: string, form: { email?: string } = {}): CheckoutCompletion {
    const record = this.store.checkout(sessionId);
    const { session } = record;
    if (session.status === "complete") return this.existingCompletion(record);
    if (session.status === "expired") throw invalidRequest(`This Checkout Session is no longer active: ${session.id}`);
    const now = unixNow();
    const customer = this.resolveCustomer(session, form.email, now);
    const { subscription, invoice } = this.createSubscription(record, customer, now);
    session.status = "complete";
    session.payment_status = invoice.amount_due > 0 ? "paid" : "no_payment_required";
    session.customer = customer.id;
    session.subscription = subscription.id;
    session.invoice = invoice.id;
    session.url = null;
    session.customer_details = {
      address: null, business_name: null, email: customer.email, individual_name: null, name: customer.name, phone: null,
      tax_exempt: "none", tax_ids: [],
    };
    // Stripe does not promise an order; this is the usual one.
    const events = [
      this.events.emit("customer.subscription.created", subscription),
      this.events.emit("invoice.paid", invoice),
      this.events.emit("checkout.session.completed", session),
    ];
    return { session, customer, subscription, invoice, events, redirectUrl: successRedirect(session) };
  }

  /** Decline: the customer leaves; the session stays open (reusable until it expires). */
  decline(sessionId: string): { session: CheckoutSession; redirectUrl: string | null } {
    const { session } = this.store.checkout(sessionId);
    if (session.status !== "open") throw invalidRequest(`This Checkout Session is no longer open: ${session.id}`);
    return { session, redirectUrl: session.cancel_url };
  }

  /** POST /v1/checkout/sessions/:id/expire — only open sessions can be expired. */
  expire(sessionId: string, request: EventRequest): CheckoutSession {
    const { session } = this.store.checkout(sessionId);
    if (session.status !== "open") {
      throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`);
    }
    session.status = "expired";
    session.url = null;
    this.events.emit("checkout.session.expired", session, { request });
    return session;
  }

  private existingCompletion(record: CheckoutRecord): CheckoutCompletion {
    const { session } = record;
    const subscription = this.store.subscription(session.subscription ?? "").subscription;
    return {
      session, customer: this.store.customer(subscription.customer), subscription,
      invoice: this.store.invoice(session.invoice ?? ""), events: [], redirectUrl: successRedirect(session),
    };
  }

  private resolveCustomer(session: CheckoutSession, email: string | undefined, now: number): Customer {
    if (session.customer !== null) return this.store.customer(session.customer);
    // In subscription mode Checkout always creates a customer from what the buyer entered.
    const customer = buildCustomer({
      email: email || session.customer_email, name: null, description: null, phone: null, metadata: {},
    }, now);
    this.store.customers.set(customer.id, customer);
    return customer;
  }

  private createSubscription(record: CheckoutRecord, customer: Customer, now: number): { subscription: Subscription; invoice: Invoice } {
    const first = record.lineItems[0];
    if (first === undefined) throw invalidRequest("The Checkout Session has no line items");
    const trialEnd = record.trialEnd ?? (record.trialPeriodDays === null ? null : now + record.trialPeriodDays * DAY);
    const id = newId("sub");
    const period = trialEnd === null ? periodAt(now, first.price.recurring.interval, 0) : { start: now, end: trialEnd };
    const items = record.lineItems.map((line) => buildSubscriptionItem(id, line.price, line.quantity, period, now));
    const subscription = buildSubscription({
      id, customer: customer.id, currency: first.price.currency, metadata: { ...record.subscriptionMetadata }, items,
      status: trialEnd === null ? "active" : "trialing", created: now, anchor: trialEnd ?? now,
      trialStart: trialEnd === null ? null : now, trialEnd,
    });
    const subscriptionRecord = { subscription, clock: now, cycle: 0, isTrialWillEndSent: false };
    this.store.subscriptions.set(id, subscriptionRecord);
    const invoice = this.lifecycle.createInvoice(subscriptionRecord, {
      billingReason: "subscription_create", at: now, usagePeriod: { start: now, end: now }, isTrial: trialEnd !== null, isPaid: true,
    });
    return { subscription, invoice };
  }
}
