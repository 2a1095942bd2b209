// /v1/checkout/sessions — create (subscription mode), retrieve, expire, line items.
import { invalidRequest, missingParam } from "../errors.ts";
import type { JsonObject } from "../json.ts";
import { paginate, PAGINATION_PARAMS } from "../list.ts";
import { buildCheckoutLineItem, buildCheckoutSession, unixNow, type CheckoutLineItem } from "../objects.ts";
import { mergeMetadata, type Params } from "../params.ts";
import type { CheckoutRecord } from "../store.ts";
import { render, route, type ApiContext, type ApiRoute } from "./api-route.ts";

const HOUR = 3600;
// A session expires 24 h after creation unless expires_at says otherwise (30 min to 24 h).
const DEFAULT_LIFETIME = 24 * HOUR;

// Every parameter PostCheckoutSessions defines; unmodelled ones are accepted and ignored.
const SESSION_PARAMS = [
  "adaptive_pricing", "after_expiration", "allow_promotion_codes", "automatic_tax", "billing_address_collection", "branding_settings",
  "cancel_url", "client_reference_id", "consent_collection", "currency", "custom_fields", "custom_text", "customer", "customer_account",
  "customer_creation", "customer_email", "customer_update", "discounts", "excluded_payment_method_types", "expires_at", "invoice_creation",
  "line_items", "locale", "metadata", "mode", "name_collection", "optional_items", "origin_context", "payment_intent_data",
  "payment_method_collection", "payment_method_configuration", "payment_method_data", "payment_method_options", "payment_method_types",
  "permissions", "phone_number_collection", "redirect_on_completion", "return_url", "saved_payment_method_options", "setup_intent_data",
  "shipping_address_collection", "shipping_options", "submit_type", "subscription_data", "success_url", "tax_id_collection", "ui_mode",
  "wallet_options",
] as const;
const SUBSCRIPTION_DATA_PARAMS = [
  "application_fee_percent", "billing_cycle_anchor", "billing_mode", "default_tax_rates", "description", "invoice_settings", "metadata",
  "on_behalf_of", "proration_behavior", "transfer_data", "trial_end", "trial_period_days", "trial_settings",
] as const;
const LINE_ITEM_PARAMS = ["adjustable_quantity", "dynamic_tax_rates", "metadata", "price", "price_data", "quantity", "tax_rates"] as const;

function optionalUrl(params: Params, key: string): string | null {
  const value = params.string(key);
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return value;
  } catch {
    // reported below
  }
  throw invalidRequest("Not a valid URL", params.nameOf(key), "url_invalid");
}

function readLineItems(context: ApiContext): CheckoutLineItem[] {
  const items = context.params.objectList("line_items");
  if (items === undefined || items.length === 0) throw missingParam("line_items");
  if (items.length > 20) throw invalidRequest("A subscription can have at most 20 recurring line items.", "line_items");
  return items.map((item) => {
    item.rejectUnknown(LINE_ITEM_PARAMS);
    if (item.has("price_data")) throw invalidRequest("The Stripe stand-in supports only configured prices (line_items[][price]).", item.nameOf("price_data"));
    const price = context.store.price(item.requiredString("price"), item.nameOf("price"));
    const quantity = item.integer("quantity") ?? 1;
    if (quantity < 1) throw invalidRequest("Quantity must be at least 1.", item.nameOf("quantity"));
    return buildCheckoutLineItem(price, quantity);
  });
}

function createSession(context: ApiContext): CheckoutRecord {
  const { params, store } = context;
  params.rejectUnknown(SESSION_PARAMS);
  const mode = params.requiredString("mode");
  if (mode !== "subscription") throw invalidRequest("The Stripe stand-in supports only mode=subscription.", "mode");
  const uiMode = params.string("ui_mode");
  if (uiMode !== undefined && uiMode !== "hosted_page" && uiMode !== "hosted") {
    throw invalidRequest("The Stripe stand-in supports only the hosted Checkout page.", "ui_mode");
  }
  const lineItems = readLineItems(context);
  const currency = lineItems[0]!.currency;
  if (lineItems.some((line) => line.currency !== currency)) throw invalidRequest("All prices must be in the same currency.", "line_items");

  const customer = params.string("customer");
  const customerEmail = params.string("customer_email");
  if (customer !== undefined && customerEmail !== undefined) {
    throw invalidRequest("You may only specify one of these parameters: customer, customer_email.", "customer_email");
  }
  if (customer !== undefined) store.customer(customer, "customer");
  const clientReferenceId = params.string("client_reference_id");
  if (clientReferenceId !== undefined && clientReferenceId.length > 200) {
    throw invalidRequest("client_reference_id must be at most 200 characters.", "client_reference_id");
  }

  const now = unixNow();
  const expiresAt = params.integer("expires_at") ?? now + DEFAULT_LIFETIME;
  if (expiresAt < now + HOUR / 2 || expiresAt > now + DEFAULT_LIFETIME) {
    throw invalidRequest("The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.", "expires_at");
  }
  const subscriptionData = params.object("subscription_data");
  subscriptionData?.rejectUnknown(SUBSCRIPTION_DATA_PARAMS);
  const trialPeriodDays = subscriptionData?.integer("trial_period_days") ?? null;
  if (trialPeriodDays !== null && (trialPeriodDays < 1 || trialPeriodDays > 730)) {
    throw invalidRequest("trial_period_days must be between 1 and 730.", "subscription_data[trial_period_days]");
  }
  const trialEnd = subscriptionData?.integer("trial_end") ?? null;
  if (trialEnd !== null && trialEnd <= now) throw invalidRequest("trial_end must be in the future.", "subscription_data[trial_end]");

  const session = buildCheckoutSession({
    customer: customer ?? null, customerEmail: customerEmail ?? null, successUrl: optionalUrl(params, "success_url"),
    cancelUrl: optionalUrl(params, "cancel_url"), clientReferenceId: clientReferenceId ?? null,
    metadata: mergeMetadata({}, params.metadata("metadata")), currency,
    amountTotal: trialPeriodDays !== null || trialEnd !== null ? 0 : lineItems.reduce((sum, line) => sum + line.amount_total, 0),
    created: now, expiresAt, publicUrl: context.publicUrl,
  });
  const record: CheckoutRecord = {
    session, lineItems, subscriptionMetadata: mergeMetadata({}, subscriptionData?.metadata("metadata")), trialPeriodDays, trialEnd,
  };
  store.checkouts.set(session.id, record);
  return record;
}

/** `line_items` is not part of the session unless expanded (expand[]=line_items). */
function renderSession(context: ApiContext, record: CheckoutRecord): JsonObject {
  const wantsLineItems = context.params.expand().some((path) => path === "line_items" || path.startsWith("line_items."));
  const session: JsonObject = wantsLineItems
    ? { ...record.session, line_items: { object: "list", data: record.lineItems, has_more: false, url: `/v1/checkout/sessions/${record.session.id}/line_items` } }
    : record.session;
  return render(context, session);
}

export const checkoutSessionRoutes: ApiRoute[] = [
  // POST /v1/checkout/sessions – mode=subscription with configured prices; `url` is the stand-in's hosted page
  route("POST", "/v1/checkout/sessions", (context) => renderSession(context, createSession(context))),

  // GET /v1/checkout/sessions/:session
  route("GET", "/v1/checkout/sessions/:session", (context) => renderSession(context, context.store.checkout(context.path.session!))),

  // POST /v1/checkout/sessions/:session/expire – emits checkout.session.expired
  route("POST", "/v1/checkout/sessions/:session/expire", (context) => {
    context.params.rejectUnknown([]);
    context.checkout.expire(context.path.session!, context.request);
    return renderSession(context, context.store.checkout(context.path.session!));
  }),

  // GET /v1/checkout/sessions/:session/line_items
  route("GET", "/v1/checkout/sessions/:session/line_items", (context) => {
    context.params.rejectUnknown(PAGINATION_PARAMS);
    const record = context.store.checkout(context.path.session!);
    return render(context, paginate(record.lineItems, context.params, `/v1/checkout/sessions/${record.session.id}/line_items`));
  }),
];
