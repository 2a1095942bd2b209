// In-memory state of the stand-in: Stripe-shaped objects keyed by id, plus the little state Stripe
// keeps privately (a subscription's simulated clock, a session's line items and subscription_data).
import { noSuch } from "./errors.ts";
import type { JsonObject } from "./json.ts";
import {
  buildPrice, buildProduct, unixNow,
  type CheckoutLineItem, type CheckoutSession, type Customer, type Invoice, type Metadata, type PortalSession, type Price,
  type PriceConfig, type Product, type StripeEvent, type Subscription,
} from "./objects.ts";

export type CheckoutRecord = {
  session: CheckoutSession;
  lineItems: CheckoutLineItem[];
  subscriptionMetadata: Metadata;
  trialPeriodDays: number | null;
  trialEnd: number | null;
};

export type SubscriptionRecord = {
  subscription: Subscription;
  /** The subscription's simulated "now" (Stripe test clocks are per customer; here per subscription). */
  clock: number;
  /** Index of the current billing period since the billing cycle anchor. */
  cycle: number;
  isTrialWillEndSent: boolean;
};

export class StandinStore {
  readonly prices = new Map<string, Price>();
  readonly products = new Map<string, Product>();
  readonly customers = new Map<string, Customer>();
  readonly checkouts = new Map<string, CheckoutRecord>();
  readonly subscriptions = new Map<string, SubscriptionRecord>();
  readonly invoices = new Map<string, Invoice>();
  readonly portalSessions = new Map<string, PortalSession>();
  /** In creation order; lists reverse it (Stripe lists newest first). */
  readonly events: StripeEvent[] = [];
  readonly eventsById = new Map<string, StripeEvent>();
  private invoiceSequence = 0;

  constructor(prices: readonly PriceConfig[]) {
    const created = unixNow();
    for (const config of prices) {
      this.prices.set(config.id, buildPrice(config, created));
      if (!this.products.has(config.productId)) this.products.set(config.productId, buildProduct(config, config.id, created));
    }
  }

  /** Any stored object by id, for `expand`. */
  lookup(id: string): JsonObject | undefined {
    return (
      this.customers.get(id) ?? this.subscriptions.get(id)?.subscription ?? this.invoices.get(id) ?? this.prices.get(id) ??
      this.products.get(id) ?? this.checkouts.get(id)?.session ?? this.portalSessions.get(id) ?? this.eventsById.get(id)
    );
  }

  customer(id: string, param?: string): Customer {
    const customer = this.customers.get(id);
    if (customer === undefined) throw noSuch("customer", id, param);
    return customer;
  }

  price(id: string, param?: string): Price {
    const price = this.prices.get(id);
    if (price === undefined) throw noSuch("price", id, param);
    return price;
  }

  product(id: string, param?: string): Product {
    const product = this.products.get(id);
    if (product === undefined) throw noSuch("product", id, param);
    return product;
  }

  checkout(id: string): CheckoutRecord {
    const record = this.checkouts.get(id);
    if (record === undefined) throw noSuch("checkout.session", id);
    return record;
  }

  subscription(id: string): SubscriptionRecord {
    const record = this.subscriptions.get(id);
    if (record === undefined) throw noSuch("subscription", id);
    return record;
  }

  invoice(id: string): Invoice {
    const invoice = this.invoices.get(id);
    if (invoice === undefined) throw noSuch("invoice", id);
    return invoice;
  }

  portalSession(id: string): PortalSession {
    const session = this.portalSessions.get(id);
    if (session === undefined) throw noSuch("billing_portal.session", id);
    return session;
  }

  event(id: string): StripeEvent {
    const event = this.eventsById.get(id);
    if (event === undefined) throw noSuch("event", id);
    return event;
  }

  addEvent(event: StripeEvent): void {
    this.events.push(event);
    this.eventsById.set(event.id, event);
  }

  /** Invoice numbers are `<customer invoice_prefix>-<sequence>`, like Stripe's account-wide numbering. */
  nextInvoiceNumber(customerId: string): string {
    this.invoiceSequence += 1;
    const prefix = this.customers.get(customerId)?.invoice_prefix ?? "STANDIN";
    return `${prefix}-${String(this.invoiceSequence).padStart(4, "0")}`;
  }
}

/** Newest first, as every Stripe list; a stable sort keeps creation order (reversed) within one second. */
export function newestFirst<T extends { created: number }>(items: Iterable<T>): T[] {
  return [...items].reverse().sort((a, b) => b.created - a.created);
}
