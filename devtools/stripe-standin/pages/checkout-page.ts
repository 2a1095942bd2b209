// The hosted Checkout page at a session's `url`: GET shows the order with Pay and Decline forms; Pay does
// what Stripe does on a successful payment and redirects to success_url; Decline redirects to cancel_url
// and leaves the session open. The session id in the URL is the only credential, as with Stripe.
import type { CheckoutFlow } from "../checkout-flow.ts";
import { successRedirect } from "../checkout-flow.ts";
import type { StandinStore, CheckoutRecord } from "../store.ts";
import { escapeHtml, formatAmount, layout } from "./html.ts";

export type PageResult = { kind: "html"; status: number; html: string } | { kind: "redirect"; location: string };

function html(status: number, title: string, body: string): PageResult {
  return { kind: "html", status, html: layout(title, body) };
}

function orderTable(record: CheckoutRecord): string {
  const rows = record.lineItems.map((line) => {
    const label = line.price.nickname ?? line.price.product;
    const quantity = line.quantity > 1 ? ` × ${line.quantity}` : "";
    return `<tr><td>${escapeHtml(label)}${quantity}</td><td class="amount">${formatAmount(line.amount_total, line.currency)} / ${line.price.recurring.interval}</td></tr>`;
  });
  return `<table>${rows.join("")}</table>`;
}

function trialNote(record: CheckoutRecord): string {
  if (record.trialPeriodDays !== null) return `<p>Includes a ${record.trialPeriodDays}-day free trial; nothing is charged today.</p>`;
  if (record.trialEnd !== null) return `<p>Free trial; nothing is charged today.</p>`;
  return "";
}

export function renderCheckoutPage(store: StandinStore, sessionId: string): PageResult {
  const record = store.checkouts.get(sessionId);
  if (record === undefined) return html(404, "Checkout not found", `<h1>Something went wrong</h1><p>This Checkout Session does not exist.</p>`);
  const { session } = record;
  if (session.status === "complete") {
    const next = successRedirect(session);
    const link = next === null ? "" : `<p><a href="${escapeHtml(next)}">Continue</a></p>`;
    return html(200, "Payment complete", `<h1>Payment complete</h1><p>This Checkout Session is complete.</p>${link}`);
  }
  if (session.status === "expired") return html(410, "Checkout expired", `<h1>This Checkout Session has expired</h1>`);
  const customerEmail = session.customer === null ? null : store.customers.get(session.customer)?.email ?? null;
  const emailField = session.customer === null
    ? `<label for="email">Email</label><input id="email" name="email" type="email" value="${escapeHtml(session.customer_email ?? "")}">`
    : `<p>Paying as ${escapeHtml(customerEmail ?? session.customer)}</p>`;
  const total = formatAmount(session.amount_total, session.currency);
  const base = `/checkout/${encodeURIComponent(session.id)}`;
  return html(200, "Subscribe", `
<h1>Subscribe</h1>
<div class="card">${orderTable(record)}<p><strong>Due today: <span data-testid="total">${total}</span></strong></p>${trialNote(record)}</div>
<form method="post" action="${base}/pay" data-testid="pay-form">
  ${emailField}
  <p>Card: 4242 4242 4242 4242 (test card, always succeeds)</p>
  <button type="submit" class="primary" name="action" value="pay">Pay</button>
</form>
<form method="post" action="${base}/decline" data-testid="decline-form">
  <button type="submit" name="action" value="decline">Decline</button>
</form>`);
}

export function payCheckout(flow: CheckoutFlow, sessionId: string, form: { email?: string }): PageResult {
  const completion = flow.complete(sessionId, form);
  return completion.redirectUrl === null
    ? { kind: "redirect", location: `/checkout/${encodeURIComponent(sessionId)}` }
    : { kind: "redirect", location: completion.redirectUrl };
}

export function declineCheckout(flow: CheckoutFlow, sessionId: string): PageResult {
  const { redirectUrl } = flow.decline(sessionId);
  return { kind: "redirect", location: redirectUrl ?? `/checkout/${encodeURIComponent(sessionId)}` };
}
