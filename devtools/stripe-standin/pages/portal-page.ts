// The customer portal page at a portal session's `url`: the customer's subscriptions with "switch plan"
// (to another configured price) and "cancel at period end" / "don't cancel". Each action updates the
// subscription (customer.subscription.updated) and comes back to the page, which links to return_url.
import { invalidRequest, noSuch } from "../errors.ts";
import type { PortalSession, Subscription } from "../objects.ts";
import type { StandinStore } from "../store.ts";
import { currentPeriod, type SubscriptionLifecycle } from "../subscription-lifecycle.ts";
import type { PageResult } from "./checkout-page.ts";
import { escapeHtml, formatAmount, formatDate, layout } from "./html.ts";

export type PortalAction = "change-plan" | "cancel" | "renew";

const NOTICES: Record<string, string> = {
  "change-plan": "Your plan was updated.",
  cancel: "Your subscription will be canceled at the end of the billing period.",
  renew: "Your subscription will continue.",
};

function subscriptionCard(store: StandinStore, portal: PortalSession, subscription: Subscription): string {
  const item = subscription.items.data[0]!;
  const base = `/portal/${encodeURIComponent(portal.id)}/subscriptions/${encodeURIComponent(subscription.id)}`;
  const { end } = currentPeriod(subscription);
  const when = subscription.cancel_at_period_end ? `Cancels on ${formatDate(end)}` : `Renews on ${formatDate(end)}`;
  const switches = [...store.prices.values()]
    .filter((price) => price.id !== item.price.id && price.currency === item.price.currency)
    .map((price) => `<form method="post" action="${base}/change-plan">
  <input type="hidden" name="price" value="${escapeHtml(price.id)}">
  <button type="submit">Switch to ${escapeHtml(price.nickname ?? price.product)} (${formatAmount(price.unit_amount, price.currency)} / ${price.recurring.interval})</button>
</form>`);
  const cancel = subscription.cancel_at_period_end
    ? `<form method="post" action="${base}/renew"><button type="submit">Don't cancel</button></form>`
    : `<form method="post" action="${base}/cancel"><button type="submit">Cancel at period end</button></form>`;
  return `<div class="card" data-subscription="${escapeHtml(subscription.id)}">
<h2>${escapeHtml(item.price.nickname ?? item.price.product)} — ${formatAmount(item.price.unit_amount * item.quantity, item.price.currency)} / ${item.price.recurring.interval}</h2>
<p>Status: <strong>${escapeHtml(subscription.status)}</strong> · ${when}</p>
${switches.join("\n")}
${cancel}
</div>`;
}

export function renderPortalPage(store: StandinStore, portalId: string, done: string | null): PageResult {
  const portal = store.portalSessions.get(portalId);
  if (portal === undefined) return { kind: "html", status: 404, html: layout("Portal not found", "<h1>This portal session does not exist</h1>") };
  const subscriptions = [...store.subscriptions.values()]
    .map((record) => record.subscription)
    .filter((subscription) => subscription.customer === portal.customer && subscription.status !== "canceled");
  const notice = done !== null && NOTICES[done] !== undefined ? `<p class="notice">${escapeHtml(NOTICES[done])}</p>` : "";
  const cards = subscriptions.length === 0 ? "<p>No active subscriptions.</p>" : subscriptions.map((s) => subscriptionCard(store, portal, s)).join("\n");
  const back = portal.return_url === null ? "" : `<p><a href="${escapeHtml(portal.return_url)}" data-testid="return">Return to the app</a></p>`;
  return { kind: "html", status: 200, html: layout("Manage your subscription", `<h1>Manage your subscription</h1>${notice}${cards}${back}`) };
}

/** Applies a portal form POST; the subscription must belong to the portal session's customer. */
export function applyPortalAction(
  store: StandinStore, lifecycle: SubscriptionLifecycle, portalId: string, subscriptionId: string, action: PortalAction, form: Record<string, string>,
): PageResult {
  const portal = store.portalSession(portalId);
  const record = store.subscriptions.get(subscriptionId);
  if (record === undefined || record.subscription.customer !== portal.customer) throw noSuch("subscription", subscriptionId);
  lifecycle.update(record, (subscription, now) => {
    if (subscription.status === "canceled") throw invalidRequest("This subscription is canceled.");
    if (action === "change-plan") {
      const price = store.price(form.price ?? "", "price");
      const item = subscription.items.data[0]!;
      // The portal keeps the quantity when switching plans.
      lifecycle.setPrice(subscription, item.id, price, item.quantity);
    } else {
      lifecycle.setCancelAtPeriodEnd(subscription, action === "cancel", now);
    }
  });
  return { kind: "redirect", location: `/portal/${encodeURIComponent(portal.id)}?done=${action}` };
}
