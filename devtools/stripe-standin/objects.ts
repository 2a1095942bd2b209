// Stripe object shapes (API 2026-07-29.dahlia), built after ../shared/stripe/fixtures. Fields the
// stand-in does not model carry the value a plain test-mode account returns (null, [], {}), so code
// written against the SDK types finds every field it reads. `livemode` is always false: test mode.
import { newId } from "./ids.ts";
import type { Json, JsonObject } from "./json.ts";

export type Metadata = Record<string, string>;
export type Interval = "month" | "year";

export type PriceConfig = {
  id: string;
  productId: string;
  /** Product name shown on the hosted pages; defaults to the nickname or the product id. */
  productName?: string;
  nickname?: string;
  unitAmount: number;
  currency: string;
  interval: Interval;
  lookupKey?: string;
};

type Shape<T> = JsonObject & T;

export type Price = Shape<{
  id: string; object: "price"; created: number; currency: string; unit_amount: number; product: string; nickname: string | null;
  lookup_key: string | null; recurring: { interval: Interval; interval_count: number; meter: null; usage_type: "licensed"; trial_period_days: null };
}>;
export type Product = Shape<{ id: string; object: "product"; created: number; name: string; default_price: string | null }>;
export type Customer = Shape<{ id: string; object: "customer"; created: number; invoice_prefix: string; email: string | null; name: string | null; metadata: Metadata }>;
export type SubscriptionStatus = "incomplete" | "incomplete_expired" | "trialing" | "active" | "past_due" | "canceled" | "unpaid" | "paused";
export type SubscriptionItem = Shape<{
  id: string; object: "subscription_item"; price: Price; plan: JsonObject; quantity: number; subscription: string;
  current_period_start: number; current_period_end: number;
}>;
export type Subscription = Shape<{
  id: string; object: "subscription"; customer: string; status: SubscriptionStatus; metadata: Metadata; currency: string;
  items: { object: "list"; data: SubscriptionItem[]; has_more: boolean; url: string };
  latest_invoice: string | null; cancel_at_period_end: boolean; cancel_at: number | null; canceled_at: number | null;
  ended_at: number | null; trial_start: number | null; trial_end: number | null; billing_cycle_anchor: number; created: number;
  cancellation_details: { comment: string | null; feedback: string | null; reason: string | null };
}>;
export type InvoiceStatus = "draft" | "open" | "paid" | "uncollectible" | "void";
export type InvoiceLine = Shape<{ id: string; amount: number; period: { start: number; end: number } }>;
export type Invoice = Shape<{
  id: string; object: "invoice"; customer: string; status: InvoiceStatus; created: number; currency: string;
  amount_due: number; amount_paid: number; amount_remaining: number; attempt_count: number; attempted: boolean;
  billing_reason: string; period_start: number; period_end: number; next_payment_attempt: number | null;
  lines: { object: "list"; data: InvoiceLine[]; has_more: boolean; url: string };
  parent: { type: "subscription_details"; quote_details: null; subscription_details: { metadata: Metadata; subscription: string } };
  status_transitions: { finalized_at: number | null; marked_uncollectible_at: null; paid_at: number | null; voided_at: null };
}>;
export type CheckoutLineItem = Shape<{ id: string; object: "item"; price: Price; quantity: number; amount_total: number; currency: string }>;
export type CheckoutSession = Shape<{
  id: string; object: "checkout.session"; mode: "subscription"; status: "open" | "complete" | "expired";
  payment_status: "paid" | "unpaid" | "no_payment_required"; customer: string | null; customer_email: string | null;
  subscription: string | null; invoice: string | null; url: string | null; success_url: string | null; cancel_url: string | null;
  client_reference_id: string | null; metadata: Metadata; created: number; expires_at: number; currency: string; amount_total: number;
  customer_details: JsonObject | null;
}>;
export type PortalSession = Shape<{ id: string; object: "billing_portal.session"; created: number; customer: string; return_url: string | null; url: string }>;
export type StripeEvent = Shape<{
  id: string; object: "event"; type: string; created: number; api_version: string; livemode: false; pending_webhooks: number;
  data: { object: JsonObject; previous_attributes?: JsonObject };
  request: { id: string | null; idempotency_key: string | null };
}>;

export const LIVEMODE = false;
/** The one billing portal configuration every portal session uses (Stripe's account default). */
export const DEFAULT_PORTAL_CONFIGURATION = newId("bpc");

export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

export function buildPrice(config: PriceConfig, created: number): Price {
  return {
    id: config.id, object: "price", active: true, billing_scheme: "per_unit", created, currency: config.currency.toLowerCase(),
    custom_unit_amount: null, livemode: LIVEMODE, lookup_key: config.lookupKey ?? null, metadata: {}, nickname: config.nickname ?? null,
    product: config.productId,
    recurring: { interval: config.interval, interval_count: 1, meter: null, usage_type: "licensed", trial_period_days: null },
    tax_behavior: "unspecified", tiers_mode: null, transform_quantity: null, type: "recurring",
    unit_amount: config.unitAmount, unit_amount_decimal: String(config.unitAmount),
  };
}

/** Subscription items still carry the legacy `plan` mirror of their price. */
export function buildPlan(price: Price): JsonObject {
  return {
    id: price.id, object: "plan", active: true, amount: price.unit_amount, amount_decimal: String(price.unit_amount),
    billing_scheme: "per_unit", created: price.created, currency: price.currency,
    interval: price.recurring.interval, interval_count: price.recurring.interval_count, livemode: LIVEMODE, metadata: {}, meter: null,
    nickname: price.nickname, product: price.product, tiers_mode: null, transform_usage: null, trial_period_days: null, usage_type: "licensed",
  };
}

export function buildProduct(config: PriceConfig, defaultPrice: string, created: number): Product {
  return {
    id: config.productId, object: "product", active: true, created, default_price: defaultPrice, description: null, images: [],
    livemode: LIVEMODE, marketing_features: [], metadata: {}, name: config.productName ?? config.nickname ?? config.productId,
    package_dimensions: null, shippable: null, statement_descriptor: null, tax_code: null, type: "service", unit_label: null,
    updated: created, url: null,
  };
}

export function buildCustomer(fields: {
  email: string | null; name: string | null; description: string | null; phone: string | null; metadata: Metadata; preferredLocales?: string[];
}, created: number): Customer {
  const id = newId("cus");
  return {
    id, object: "customer", address: null, balance: 0, created, currency: null, customer_account: null, default_source: null,
    delinquent: false, description: fields.description, discount: null, email: fields.email,
    invoice_prefix: id.slice(4, 12).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: LIVEMODE, metadata: fields.metadata, name: fields.name, next_invoice_sequence: 1, phone: fields.phone,
    preferred_locales: fields.preferredLocales ?? [], shipping: null, tax_exempt: "none", test_clock: null,
  };
}

export function buildCheckoutLineItem(price: Price, quantity: number): CheckoutLineItem {
  const amount = price.unit_amount * quantity;
  return {
    id: newId("li"), object: "item", adjustable_quantity: null, amount_discount: 0, amount_subtotal: amount, amount_tax: 0,
    amount_total: amount, currency: price.currency, description: typeof price.nickname === "string" ? price.nickname : null,
    metadata: {}, price, quantity,
  };
}

export function buildCheckoutSession(fields: {
  customer: string | null; customerEmail: string | null; successUrl: string | null; cancelUrl: string | null;
  clientReferenceId: string | null; metadata: Metadata; currency: string; amountTotal: number; created: number; expiresAt: number;
  publicUrl: string;
}): CheckoutSession {
  // Test-mode Checkout Session ids start with cs_test_; the hosted page lives at the session's `url`.
  const id = newId("cs_test");
  return {
    id, object: "checkout.session", adaptive_pricing: null, after_expiration: null, allow_promotion_codes: null,
    amount_subtotal: fields.amountTotal, amount_total: fields.amountTotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null }, billing_address_collection: null,
    cancel_url: fields.cancelUrl, client_reference_id: fields.clientReferenceId, client_secret: null, collected_information: null,
    consent: null, consent_collection: null, created: fields.created, currency: fields.currency, custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: fields.customer, customer_account: null, customer_creation: null, customer_details: null,
    customer_email: fields.customerEmail, discounts: [], expires_at: fields.expiresAt, invoice: null, invoice_creation: null,
    livemode: LIVEMODE, locale: null, metadata: fields.metadata, mode: "subscription", origin_context: null, payment_intent: null,
    payment_link: null, payment_method_collection: "always", payment_method_configuration_details: null,
    payment_method_options: {}, payment_method_types: ["card"], payment_status: "unpaid", permissions: null,
    phone_number_collection: { enabled: false }, recovered_from: null, saved_payment_method_options: null, setup_intent: null,
    shipping_address_collection: null, shipping_cost: null, shipping_options: [], status: "open", submit_type: null,
    subscription: null, success_url: fields.successUrl, total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted_page", url: `${fields.publicUrl}/checkout/${id}`, wallet_options: null,
  };
}

export function buildSubscriptionItem(subscriptionId: string, price: Price, quantity: number, period: { start: number; end: number }, created: number): SubscriptionItem {
  return {
    id: newId("si"), object: "subscription_item", billing_thresholds: null, created, current_period_end: period.end,
    current_period_start: period.start, discounts: [], metadata: {}, plan: buildPlan(price), price, quantity,
    subscription: subscriptionId, tax_rates: [],
  };
}

export function buildSubscription(fields: {
  id: string; customer: string; currency: string; metadata: Metadata; items: SubscriptionItem[]; status: SubscriptionStatus;
  created: number; anchor: number; trialStart: number | null; trialEnd: number | null;
}): Subscription {
  return {
    id: fields.id, object: "subscription", application: null, application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null }, billing_cycle_anchor: fields.anchor,
    billing_cycle_anchor_config: null, billing_mode: { flexible: null, type: "classic" }, billing_schedules: [], billing_thresholds: null,
    cancel_at: null, cancel_at_period_end: false, canceled_at: null, cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically", created: fields.created, currency: fields.currency, customer: fields.customer,
    customer_account: null, days_until_due: null, default_payment_method: null, default_source: null, default_tax_rates: [],
    description: null, discounts: [], ended_at: null, invoice_settings: { account_tax_ids: null, issuer: { type: "self" } },
    items: { object: "list", data: fields.items, has_more: false, url: `/v1/subscription_items?subscription=${fields.id}` },
    latest_invoice: null, livemode: LIVEMODE, managed_payments: null, metadata: fields.metadata, next_pending_invoice_item_invoice: null,
    on_behalf_of: null, pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null, pending_setup_intent: null, pending_update: null, schedule: null, start_date: fields.created,
    status: fields.status, test_clock: null, transfer_data: null, trial_end: fields.trialEnd,
    trial_settings: { end_behavior: { missing_payment_method: "create_invoice" } }, trial_start: fields.trialStart,
  };
}

/**
 * Invoice lines bill the item's service period (`lines.data[].period`). The invoice's own
 * period_start/period_end are Stripe's "usage period": for a renewal that is the period just ended,
 * for the first invoice both equal its creation time.
 */
function buildInvoiceLine(invoiceId: string, subscription: Subscription, item: SubscriptionItem, amount: number, period: { start: number; end: number }): InvoiceLine {
  const description = `${item.quantity} × ${item.price.nickname ?? item.price.product} (at ${(item.price.unit_amount / 100).toFixed(2)} / ${item.price.recurring.interval})`;
  return {
    id: newId("il"), object: "line_item", amount, currency: item.price.currency, description, discount_amounts: [], discountable: true,
    discounts: [], invoice: invoiceId, livemode: LIVEMODE, metadata: {},
    parent: {
      type: "subscription_item_details", invoice_item_details: null,
      subscription_item_details: { invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: subscription.id, subscription_item: item.id },
    },
    period, pretax_credit_amounts: [],
    pricing: { type: "price_details", price_details: { price: item.price.id, product: item.price.product }, unit_amount_decimal: String(item.price.unit_amount) },
    quantity: item.quantity, quantity_decimal: String(item.quantity), subscription: subscription.id, subtotal: amount, taxes: [],
  };
}

export function buildInvoice(fields: {
  subscription: Subscription; billingReason: "subscription_create" | "subscription_cycle" | "subscription_update";
  created: number; usagePeriod: { start: number; end: number }; servicePeriod: { start: number; end: number };
  isTrial: boolean; number: string; publicUrl: string;
}): Invoice {
  const id = newId("in");
  const { subscription } = fields;
  // A trial's first invoice is a $0 invoice; its lines still name the items.
  const lines = subscription.items.data.map((item) =>
    buildInvoiceLine(id, subscription, item, fields.isTrial ? 0 : item.price.unit_amount * item.quantity, fields.servicePeriod),
  );
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  return {
    id, object: "invoice", account_country: "US", account_name: "ROI Spectrum (Stripe stand-in)", account_tax_ids: null,
    amount_due: total, amount_overpaid: 0, amount_paid: 0, amount_remaining: total, amount_shipping: 0, application: null,
    attempt_count: 0, attempted: false, auto_advance: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null, billing_reason: fields.billingReason, collection_method: "charge_automatically",
    created: fields.created, currency: subscription.currency, custom_fields: null, customer: subscription.customer,
    customer_account: null, customer_address: null, customer_email: null, customer_name: null, customer_phone: null,
    customer_shipping: null, customer_tax_exempt: "none", customer_tax_ids: [], default_payment_method: null, default_source: null,
    default_tax_rates: [], description: null, discounts: [], due_date: null, effective_at: fields.created, ending_balance: 0,
    footer: null, from_invoice: null, hosted_invoice_url: `${fields.publicUrl}/invoices/${id}`, invoice_pdf: null, issuer: { type: "self" },
    last_finalization_error: null, latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: LIVEMODE, metadata: {}, next_payment_attempt: null, number: fields.number, on_behalf_of: null,
    parent: { type: "subscription_details", quote_details: null, subscription_details: { metadata: { ...subscription.metadata }, subscription: subscription.id } },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: fields.usagePeriod.end, period_start: fields.usagePeriod.start, post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0, receipt_number: null, rendering: null, shipping_cost: null, shipping_details: null,
    starting_balance: 0, statement_descriptor: null, status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total, subtotal_excluding_tax: total, test_clock: null, total, total_discount_amounts: [], total_excluding_tax: total,
    total_pretax_credit_amounts: [], total_taxes: [], webhooks_delivered_at: null,
  };
}

export function buildPortalSession(customer: string, returnUrl: string | null, created: number, publicUrl: string): PortalSession {
  const id = newId("bps");
  return {
    id, object: "billing_portal.session", configuration: DEFAULT_PORTAL_CONFIGURATION, created, customer, customer_account: null,
    flow: null, livemode: LIVEMODE, locale: null, on_behalf_of: null, return_url: returnUrl, url: `${publicUrl}/portal/${id}`,
  };
}

export function buildEvent(fields: {
  type: string; object: JsonObject; previousAttributes?: JsonObject; created: number; apiVersion: string;
  pendingWebhooks: number; request: { id: string | null; idempotency_key: string | null };
}): StripeEvent {
  const data: { object: JsonObject; previous_attributes?: JsonObject } = { object: fields.object };
  if (fields.previousAttributes !== undefined) data.previous_attributes = fields.previousAttributes;
  return {
    id: newId("evt"), object: "event", api_version: fields.apiVersion, created: fields.created, data, livemode: LIVEMODE,
    pending_webhooks: fields.pendingWebhooks, request: fields.request, type: fields.type,
  };
}

/** Top-level fields whose value changed, with their old values: Stripe's `data.previous_attributes`. */
export function previousAttributes(before: JsonObject, after: JsonObject, canonical: (value: Json) => string): JsonObject {
  const changed: JsonObject = {};
  for (const key of Object.keys(before)) {
    const old = before[key] ?? null;
    if (canonical(old) !== canonical(after[key] ?? null)) changed[key] = old;
  }
  return changed;
}
