// What happens to a subscription over time and on request: renewals, failed and recovered payments,
// trial end, plan changes and cancellation — each with the objects and events Stripe produces.
// In API 2026 versions the billing period lives on the subscription items (current_period_start/end).
import { invalidRequest } from "./errors.ts";
import { AUTOMATIC, type EventLog, type EventRequest } from "./event-log.ts";
import { canonicalJson, cloneJson } from "./json.ts";
import {
  buildInvoice, buildPlan, previousAttributes, unixNow,
  type Invoice, type Price, type StripeEvent, type Subscription,
} from "./objects.ts";
import { periodAt } from "./periods.ts";
import type { StandinStore, SubscriptionRecord } from "./store.ts";

const DAY = 86_400;
/** customer.subscription.trial_will_end fires three days before the trial ends. */
const TRIAL_WILL_END_LEAD = 3 * DAY;
/** Smart Retries would try a failed renewal again a few days later; the stand-in only reports the date. */
const RETRY_AFTER = 3 * DAY;

export type LifecycleResult = { subscription: Subscription; invoices: Invoice[]; events: StripeEvent[] };

export function currentPeriod(subscription: Subscription): { start: number; end: number } {
  const item = subscription.items.data[0];
  if (item === undefined) throw invalidRequest(`Subscription ${subscription.id} has no items`);
  return { start: item.current_period_start, end: item.current_period_end };
}

export class SubscriptionLifecycle {
  constructor(
    private readonly store: StandinStore,
    private readonly events: EventLog,
    private readonly publicUrl: string,
  ) {}

  /** The subscription's "now": its simulated clock, never behind the wall clock. */
  now(record: SubscriptionRecord): number {
    record.clock = Math.max(record.clock, unixNow());
    return record.clock;
  }

  /** A new invoice for the subscription's items, charged now (paid) or left open after a failed charge. */
  createInvoice(record: SubscriptionRecord, fields: {
    billingReason: "subscription_create" | "subscription_cycle" | "subscription_update";
    at: number; usagePeriod: { start: number; end: number }; isTrial: boolean; isPaid: boolean;
  }): Invoice {
    const { subscription } = record;
    const customer = this.store.customers.get(subscription.customer);
    const invoice = buildInvoice({
      subscription, billingReason: fields.billingReason, created: fields.at, usagePeriod: fields.usagePeriod,
      servicePeriod: currentPeriod(subscription), isTrial: fields.isTrial,
      number: this.store.nextInvoiceNumber(subscription.customer), publicUrl: this.publicUrl,
    });
    invoice.customer_email = customer?.email ?? null;
    invoice.customer_name = customer?.name ?? null;
    invoice.status_transitions.finalized_at = fields.at;
    invoice.attempted = true;
    invoice.attempt_count = invoice.amount_due > 0 ? 1 : 0;
    if (fields.isPaid) this.markPaid(invoice, fields.at);
    else {
      invoice.status = "open";
      invoice.next_payment_attempt = fields.at + RETRY_AFTER;
    }
    this.store.invoices.set(invoice.id, invoice);
    subscription.latest_invoice = invoice.id;
    return invoice;
  }

  markPaid(invoice: Invoice, at: number): void {
    invoice.status = "paid";
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.next_payment_attempt = null;
    invoice.status_transitions.paid_at = at;
  }

  /** Runs `change` and emits customer.subscription.updated with previous_attributes if anything changed. */
  update(record: SubscriptionRecord, change: (subscription: Subscription, now: number) => void, request: EventRequest = AUTOMATIC): Subscription {
    const before = cloneJson(record.subscription);
    change(record.subscription, this.now(record));
    const previous = previousAttributes(before, record.subscription, canonicalJson);
    if (Object.keys(previous).length > 0) {
      this.events.emit("customer.subscription.updated", record.subscription, { previousAttributes: previous, request });
    }
    return record.subscription;
  }

  /** The item's price changes in place (same si_ id); Stripe resets quantity to 1 unless one is given. */
  setPrice(subscription: Subscription, itemId: string, price: Price, quantity: number | undefined): void {
    const item = subscription.items.data.find((candidate) => candidate.id === itemId);
    if (item === undefined) throw invalidRequest(`No such subscription item: '${itemId}'`, "items", "resource_missing");
    item.price = cloneJson(price);
    item.plan = buildPlan(price);
    item.quantity = quantity ?? 1;
    subscription.currency = price.currency;
  }

  /** In current API versions, cancel_at_period_end=true also sets cancel_at to the period end. */
  setCancelAtPeriodEnd(subscription: Subscription, isCanceling: boolean, now: number): void {
    subscription.cancel_at_period_end = isCanceling;
    subscription.cancel_at = isCanceling ? currentPeriod(subscription).end : null;
    subscription.canceled_at = isCanceling ? now : null;
    subscription.cancellation_details = { comment: null, feedback: null, reason: isCanceling ? "cancellation_requested" : null };
  }

  /** DELETE /v1/subscriptions/:id — ends the subscription now; Stripe emits customer.subscription.deleted. */
  cancelNow(record: SubscriptionRecord, request: EventRequest, comment: string | null, feedback: string | null): Subscription {
    const subscription = this.requireLive(record);
    const now = this.now(record);
    subscription.status = "canceled";
    subscription.canceled_at = now;
    subscription.ended_at = now;
    subscription.cancellation_details = { comment, feedback, reason: "cancellation_requested" };
    this.events.emit("customer.subscription.deleted", subscription, { request });
    return subscription;
  }

  /** Moves the subscription's clock to `to`, or across `periods` period ends, running what falls due. */
  advanceClock(record: SubscriptionRecord, target: { to?: number; periods?: number }): LifecycleResult {
    return this.collect(record, () => {
      this.requireLive(record);
      if (target.to !== undefined) {
        if (target.to <= record.clock) throw invalidRequest(`to (${target.to}) must be after the subscription's clock (${record.clock})`, "to");
        this.runUntil(record, target.to);
        return;
      }
      const periods = target.periods ?? 1;
      if (!Number.isInteger(periods) || periods < 1) throw invalidRequest("periods must be a positive integer", "periods");
      for (let index = 0; index < periods && record.subscription.status !== "canceled"; index += 1) {
        this.runUntil(record, this.nextBoundary(record.subscription));
      }
    });
  }

  /** The next renewal's charge fails: new period, open invoice, invoice.payment_failed, status past_due. */
  failPayment(record: SubscriptionRecord): LifecycleResult {
    return this.collect(record, () => {
      const subscription = this.requireLive(record);
      const open = this.openLatestInvoice(subscription);
      if (open !== undefined) {
        // Already past due: another attempt on the same invoice fails.
        open.attempt_count += 1;
        open.next_payment_attempt = this.now(record) + RETRY_AFTER;
        this.events.emit("invoice.payment_failed", open);
        return;
      }
      if (subscription.cancel_at_period_end) throw invalidRequest("The subscription cancels at period end; there is no renewal to charge");
      record.clock = Math.max(record.clock, this.nextBoundary(subscription));
      if (subscription.status === "trialing") this.endTrial(record, record.clock, { isPaid: false, isEarly: false });
      else this.renew(record, { isPaid: false });
    });
  }

  /** The open invoice of a past_due subscription is paid (card updated, retry succeeded): back to active. */
  recoverPayment(record: SubscriptionRecord): LifecycleResult {
    return this.collect(record, () => {
      const open = this.openLatestInvoice(this.requireLive(record));
      if (open === undefined) throw invalidRequest(`Subscription ${record.subscription.id} has no open invoice to pay`);
      this.markPaid(open, this.now(record));
      this.events.emit("invoice.paid", open);
      this.update(record, (subscription) => {
        subscription.status = "active";
      });
    });
  }

  /** Smart Retries gave up: the subscription becomes canceled or unpaid, per the account's setting. */
  exhaustRetries(record: SubscriptionRecord, outcome: "canceled" | "unpaid"): LifecycleResult {
    return this.collect(record, () => {
      const subscription = this.requireLive(record);
      if (subscription.status !== "past_due") throw invalidRequest(`Subscription ${subscription.id} is not past_due`);
      if (outcome === "unpaid") {
        this.update(record, (current) => {
          current.status = "unpaid";
        });
        return;
      }
      const now = this.now(record);
      subscription.status = "canceled";
      subscription.canceled_at = now;
      subscription.ended_at = now;
      subscription.cancellation_details = { comment: null, feedback: null, reason: "payment_failed" };
      this.events.emit("customer.subscription.deleted", subscription);
    });
  }

  /** Ends a trial now (as `trial_end=now` does): the first paid period starts and is invoiced. */
  endTrialNow(record: SubscriptionRecord, request: EventRequest = AUTOMATIC): LifecycleResult {
    return this.collect(record, () => {
      if (this.requireLive(record).status !== "trialing") throw invalidRequest(`Subscription ${record.subscription.id} is not trialing`);
      this.endTrial(record, this.now(record), { isPaid: true, isEarly: true }, request);
    });
  }

  private collect(record: SubscriptionRecord, run: () => void): LifecycleResult {
    const eventsBefore = this.store.events.length;
    const invoicesBefore = new Set(this.store.invoices.keys());
    run();
    return {
      subscription: record.subscription,
      invoices: [...this.store.invoices.values()].filter((invoice) => !invoicesBefore.has(invoice.id)),
      events: this.store.events.slice(eventsBefore),
    };
  }

  private requireLive(record: SubscriptionRecord): Subscription {
    const { status } = record.subscription;
    if (status === "canceled" || status === "incomplete_expired") {
      throw invalidRequest(`A ${status} subscription can't be changed: ${record.subscription.id}`);
    }
    return record.subscription;
  }

  private openLatestInvoice(subscription: Subscription): Invoice | undefined {
    const latest = subscription.latest_invoice === null ? undefined : this.store.invoices.get(subscription.latest_invoice);
    return latest?.status === "open" ? latest : undefined;
  }

  private nextBoundary(subscription: Subscription): number {
    return subscription.status === "trialing" && subscription.trial_end !== null ? subscription.trial_end : currentPeriod(subscription).end;
  }

  private runUntil(record: SubscriptionRecord, to: number): void {
    for (;;) {
      const subscription = record.subscription;
      if (subscription.status === "canceled") break;
      if (subscription.status === "trialing" && subscription.trial_end !== null) {
        if (!record.isTrialWillEndSent && subscription.trial_end - TRIAL_WILL_END_LEAD <= to) {
          record.isTrialWillEndSent = true;
          this.events.emit("customer.subscription.trial_will_end", subscription);
        }
        if (subscription.trial_end > to) break;
        record.clock = subscription.trial_end;
        this.endTrial(record, subscription.trial_end, { isPaid: true, isEarly: false });
        continue;
      }
      const { end } = currentPeriod(subscription);
      if (end > to) break;
      record.clock = end;
      this.renew(record, { isPaid: true });
    }
    record.clock = Math.max(record.clock, to);
  }

  /** At a period end: cancel if asked to, otherwise start the next period and invoice it. */
  private renew(record: SubscriptionRecord, outcome: { isPaid: boolean }): void {
    const subscription = record.subscription;
    const ended = currentPeriod(subscription);
    if (subscription.cancel_at_period_end || (subscription.cancel_at !== null && subscription.cancel_at <= ended.end)) {
      subscription.status = "canceled";
      subscription.ended_at = ended.end;
      this.events.emit("customer.subscription.deleted", subscription);
      return;
    }
    const before = cloneJson(subscription);
    record.cycle += 1;
    this.startPeriod(subscription, periodAt(subscription.billing_cycle_anchor, this.interval(subscription), record.cycle));
    const invoice = this.createInvoice(record, {
      billingReason: "subscription_cycle", at: ended.end, usagePeriod: ended, isTrial: false, isPaid: outcome.isPaid,
    });
    this.finishCharge(record, before, invoice, outcome.isPaid, AUTOMATIC);
  }

  private endTrial(record: SubscriptionRecord, at: number, how: { isPaid: boolean; isEarly: boolean }, request: EventRequest = AUTOMATIC): void {
    const subscription = record.subscription;
    if (!record.isTrialWillEndSent) {
      // Ending a trial early fires trial_will_end immediately.
      record.isTrialWillEndSent = true;
      this.events.emit("customer.subscription.trial_will_end", subscription, { request });
    }
    const before = cloneJson(subscription);
    const trialStart = subscription.trial_start ?? at;
    subscription.trial_end = at;
    subscription.billing_cycle_anchor = at;
    record.cycle = 0;
    this.startPeriod(subscription, periodAt(at, this.interval(subscription), 0));
    const invoice = this.createInvoice(record, {
      billingReason: how.isEarly ? "subscription_update" : "subscription_cycle", at, usagePeriod: { start: trialStart, end: at },
      isTrial: false, isPaid: how.isPaid,
    });
    this.finishCharge(record, before, invoice, how.isPaid, request);
  }

  private finishCharge(record: SubscriptionRecord, before: Subscription, invoice: Invoice, isPaid: boolean, request: EventRequest): void {
    const subscription = record.subscription;
    subscription.status = isPaid ? "active" : "past_due";
    this.events.emit(isPaid ? "invoice.paid" : "invoice.payment_failed", invoice, { request });
    const previous = previousAttributes(before, subscription, canonicalJson);
    this.events.emit("customer.subscription.updated", subscription, { previousAttributes: previous, request });
  }

  private startPeriod(subscription: Subscription, period: { start: number; end: number }): void {
    for (const item of subscription.items.data) {
      item.current_period_start = period.start;
      item.current_period_end = period.end;
    }
  }

  private interval(subscription: Subscription): "month" | "year" {
    return subscription.items.data[0]?.price.recurring.interval ?? "month";
  }
}
