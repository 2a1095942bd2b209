// /v1/subscriptions — retrieve, list, update (price change, cancel_at_period_end, metadata, trial_end=now)
// and cancel (DELETE). Updates emit customer.subscription.updated with previous_attributes; DELETE emits
// customer.subscription.deleted.
import { invalidRequest } from "../errors.ts";
import { paginate, PAGINATION_PARAMS } from "../list.ts";
import { buildSubscriptionItem, type Price, type Subscription } from "../objects.ts";
import { matchesRange, mergeMetadata, type Params } from "../params.ts";
import { newestFirst } from "../store.ts";
import { currentPeriod } from "../subscription-lifecycle.ts";
import { render, route, type ApiContext, type ApiRoute } from "./api-route.ts";

// Every parameter PostSubscriptionsSubscriptionExposedId defines; unmodelled ones are accepted and ignored
// (proration is not simulated: a price change takes effect at once and the next renewal bills the new price).
const UPDATE_PARAMS = [
  "add_invoice_items", "application_fee_percent", "automatic_tax", "billing_cycle_anchor", "billing_schedules", "billing_thresholds",
  "cancel_at", "cancel_at_period_end", "cancellation_details", "collection_method", "days_until_due", "default_payment_method",
  "default_source", "default_tax_rates", "description", "discounts", "invoice_settings", "items", "metadata", "off_session",
  "on_behalf_of", "pause_collection", "payment_behavior", "payment_settings", "pending_invoice_item_interval", "proration_behavior",
  "proration_date", "transfer_data", "trial_end", "trial_from_plan", "trial_settings",
] as const;
const ITEM_PARAMS = ["billing_thresholds", "clear_usage", "deleted", "discounts", "id", "metadata", "plan", "price", "price_data", "quantity", "tax_rates"] as const;
const STATUSES = ["active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused", "trialing", "unpaid"] as const;
const FEEDBACK = ["customer_service", "low_quality", "missing_features", "other", "switched_service", "too_complex", "too_expensive", "unused"] as const;

type ItemChange =
  | { kind: "update"; id: string; price: Price | undefined; quantity: number | undefined; isDeleted: boolean }
  | { kind: "add"; price: Price; quantity: number };

/** Reads and validates every item change before anything is modified, so a bad request changes nothing. */
function readItemChanges(context: ApiContext, subscription: Subscription): ItemChange[] {
  const items = context.params.objectList("items") ?? [];
  if (items.length > 20) throw invalidRequest("A subscription can have at most 20 items.", "items");
  return items.map((item): ItemChange => {
    item.rejectUnknown(ITEM_PARAMS);
    if (item.has("price_data")) throw invalidRequest("The Stripe stand-in supports only configured prices.", item.nameOf("price_data"));
    const priceId = item.string("price") ?? item.string("plan");
    const price = priceId === undefined ? undefined : context.store.price(priceId, item.nameOf("price"));
    const quantity = item.integer("quantity");
    if (quantity !== undefined && quantity < 1) throw invalidRequest("Quantity must be at least 1.", item.nameOf("quantity"));
    const id = item.string("id");
    if (id === undefined) {
      if (price === undefined) throw invalidRequest("You must specify a price for a new subscription item.", item.nameOf("price"));
      return { kind: "add", price, quantity: quantity ?? 1 };
    }
    if (!subscription.items.data.some((existing) => existing.id === id)) {
      throw invalidRequest(`No such subscription item: '${id}'`, item.nameOf("id"), "resource_missing");
    }
    return { kind: "update", id, price, quantity, isDeleted: item.boolean("deleted") ?? false };
  });
}

/** `cancel_at`: a timestamp, "" to clear, or min_period_end/max_period_end (the current period's end here). */
function readCancelAt(params: Params, subscription: Subscription): number | null | undefined {
  const value = params.string("cancel_at");
  if (value === undefined) return undefined;
  if (value === "") return null;
  if (["max_billed_until", "max_period_end", "min_period_end"].includes(value)) return currentPeriod(subscription).end;
  return params.integer("cancel_at");
}

function updateSubscription(context: ApiContext): Subscription {
  const { params, store, lifecycle, request } = context;
  params.rejectUnknown(UPDATE_PARAMS);
  const record = store.subscription(context.path.subscription!);
  if (record.subscription.status === "canceled" || record.subscription.status === "incomplete_expired") {
    throw invalidRequest(`A canceled subscription can only update its cancellation_details and metadata.`);
  }
  const itemChanges = readItemChanges(context, record.subscription);
  const deletedCount = itemChanges.filter((change) => change.kind === "update" && change.isDeleted).length;
  const addedCount = itemChanges.filter((change) => change.kind === "add").length;
  if (record.subscription.items.data.length - deletedCount + addedCount < 1) {
    throw invalidRequest("A subscription must have at least one item.", "items");
  }
  const cancelAtPeriodEnd = params.boolean("cancel_at_period_end");
  const cancelAt = readCancelAt(params, record.subscription);
  if (cancelAtPeriodEnd === true && cancelAt !== undefined && cancelAt !== null) {
    throw invalidRequest("You may only specify one of these parameters: cancel_at, cancel_at_period_end.", "cancel_at");
  }
  const metadata = params.metadata("metadata");
  const details = params.object("cancellation_details");
  const comment = details?.string("comment");
  const feedback = details?.string("feedback") === "" ? "" : details?.enumValue("feedback", FEEDBACK);
  const trialEnd = params.string("trial_end");
  if (trialEnd !== undefined && trialEnd !== "now") {
    throw invalidRequest("The Stripe stand-in supports only trial_end=now on update.", "trial_end");
  }
  if (trialEnd === "now") lifecycle.endTrialNow(record, request);

  return lifecycle.update(record, (subscription, now) => {
    for (const change of itemChanges) {
      if (change.kind === "add") {
        subscription.items.data.push(buildSubscriptionItem(subscription.id, change.price, change.quantity, currentPeriod(subscription), now));
      } else if (change.isDeleted) {
        subscription.items.data = subscription.items.data.filter((item) => item.id !== change.id);
      } else if (change.price !== undefined) {
        lifecycle.setPrice(subscription, change.id, change.price, change.quantity);
      } else if (change.quantity !== undefined) {
        const item = subscription.items.data.find((candidate) => candidate.id === change.id)!;
        item.quantity = change.quantity;
      }
    }
    if (cancelAtPeriodEnd !== undefined) lifecycle.setCancelAtPeriodEnd(subscription, cancelAtPeriodEnd, now);
    if (cancelAt !== undefined) {
      subscription.cancel_at = cancelAt;
      subscription.canceled_at = cancelAt === null ? null : now;
      subscription.cancel_at_period_end = cancelAt !== null && cancelAt === currentPeriod(subscription).end;
    }
    if (comment !== undefined) subscription.cancellation_details.comment = comment === "" ? null : comment;
    if (feedback !== undefined) subscription.cancellation_details.feedback = feedback === "" ? null : feedback;
    subscription.metadata = mergeMetadata(subscription.metadata, metadata);
  }, request);
}

export const subscriptionRoutes: ApiRoute[] = [
  // GET /v1/subscriptions/:subscription – current_period_start/end are on items.data[]
  route("GET", "/v1/subscriptions/:subscription", (context) =>
    render(context, context.store.subscription(context.path.subscription!).subscription)),

  // GET /v1/subscriptions – by customer, price, status (default: every status but canceled)
  route("GET", "/v1/subscriptions", (context) => {
    const { params, store } = context;
    params.rejectUnknown(["automatic_tax", "collection_method", "created", "current_period_end", "current_period_start", "customer",
      "customer_account", "price", "status", "test_clock", ...PAGINATION_PARAMS]);
    const customer = params.string("customer");
    const price = params.string("price");
    const status = params.enumValue("status", STATUSES);
    const created = params.range("created");
    const matching = newestFirst([...store.subscriptions.values()].map((record) => record.subscription)).filter((subscription) => {
      const isStatusMatch =
        status === "all" ||
        (status === undefined && subscription.status !== "canceled") ||
        (status === "ended" && (subscription.status === "canceled" || subscription.status === "incomplete_expired")) ||
        subscription.status === status;
      return isStatusMatch &&
        (customer === undefined || subscription.customer === customer) &&
        (price === undefined || subscription.items.data.some((item) => item.price.id === price)) &&
        matchesRange(subscription.created, created);
    });
    return render(context, paginate(matching, params, "/v1/subscriptions"));
  }),

  // POST /v1/subscriptions/:subscription
  route("POST", "/v1/subscriptions/:subscription", (context) => render(context, updateSubscription(context))),

  // DELETE /v1/subscriptions/:subscription – cancel now; params arrive in the query string
  route("DELETE", "/v1/subscriptions/:subscription", (context) => {
    const { params, store, lifecycle, request } = context;
    params.rejectUnknown(["cancellation_details", "invoice_now", "prorate"]);
    params.boolean("invoice_now");
    params.boolean("prorate");
    const details = params.object("cancellation_details");
    const record = store.subscription(context.path.subscription!);
    const subscription = lifecycle.cancelNow(record, request, details?.string("comment") ?? null, details?.enumValue("feedback", FEEDBACK) ?? null);
    return render(context, subscription);
  }),
];
