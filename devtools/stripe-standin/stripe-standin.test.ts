// The Stripe stand-in driven through the official SDK, with a webhook endpoint that verifies every
// delivery with stripe.webhooks.constructEvent. One stand-in for the file; every test makes its own customer.
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PRICES } from "./default-prices";
import { startStripeStandin, type StripeStandin } from "./server";
import { objectId, stripeClient, WebhookReceiver } from "./test-support";

const SECRET_KEY = `sk_test_${randomUUID().replaceAll("-", "")}`;
const WEBHOOK_SECRET = `whsec_${randomUUID().replaceAll("-", "")}`;
const MONTH_DAYS = { min: 28 * 86_400, max: 31 * 86_400 };

let standin: StripeStandin;
let stripe: Stripe;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await new WebhookReceiver(WEBHOOK_SECRET).start();
  standin = await startStripeStandin({
    port: 0, secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, webhookUrl: receiver.url, prices: DEFAULT_PRICES,
    retry: { attempts: 3, baseDelayMs: 20 },
  });
  stripe = stripeClient(SECRET_KEY, standin.port);
});

afterEach(async () => {
  await standin.control.setDelivery({ paused: false });
  await standin.control.settle();
  receiver.respond = () => 200;
  expect(receiver.rejected).toEqual([]);
});

afterAll(async () => {
  await standin?.close();
  await receiver?.close();
});

async function createSession(customer: string, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}): Promise<Stripe.Checkout.Session> {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    line_items: [{ price: "price_pro_monthly", quantity: 1 }],
    client_reference_id: "tenant_42",
    metadata: { tenant_id: "tenant_42" },
    subscription_data: { metadata: { tenant_id: "tenant_42" } },
    success_url: "http://acme.roispectrum.localhost:3000/billing?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://acme.roispectrum.localhost:3000/billing?canceled=1",
    ...extra,
  });
}

/** A customer with an active subscription, bought through Checkout; webhooks delivered. */
async function subscribe(priceId = "price_pro_monthly"): Promise<{ customer: Stripe.Customer; subscription: Stripe.Subscription }> {
  const customer = await stripe.customers.create({ email: `${randomUUID()}@example.com` });
  const session = await createSession(customer.id, { line_items: [{ price: priceId, quantity: 1 }] });
  const completion = await standin.control.completeCheckout(session.id);
  await standin.control.settle();
  return { customer, subscription: await stripe.subscriptions.retrieve(completion.subscription.id) };
}

async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

function itemOf(subscription: Stripe.Subscription): Stripe.SubscriptionItem {
  const item = subscription.items.data[0];
  if (item === undefined) throw new Error(`subscription ${subscription.id} has no items`);
  return item;
}

describe("API basics through the SDK", () => {
  it("creates and retrieves a customer in Stripe's shape", async () => {
    const created = await stripe.customers.create({ email: "owner@example.com", name: "Acme", metadata: { tenant_id: "t_1", plan: "pro" } });
    expect(created.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    expect(created).toMatchObject({ object: "customer", livemode: false, email: "owner@example.com", name: "Acme", metadata: { tenant_id: "t_1", plan: "pro" } });
    expect(Math.abs(created.created - Date.now() / 1000)).toBeLessThan(5);
    const { lastResponse: _created, ...createdFields } = created;
    const { lastResponse: _retrieved, ...retrievedFields } = await stripe.customers.retrieve(created.id);
    expect(retrievedFields).toEqual(createdFields);
  });

  it("replays the saved response for a repeated Idempotency-Key with the same parameters", async () => {
    const key = `idem-${randomUUID()}`;
    const first = await stripe.customers.create({ email: "same@example.com" }, { idempotencyKey: key });
    const second = await stripe.customers.create({ email: "same@example.com" }, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    const third = await stripe.customers.create({ email: "same@example.com" });
    expect(third.id).not.toBe(first.id);
  });

  it("rejects a reused Idempotency-Key with different parameters as idempotency_error", async () => {
    const key = `idem-${randomUUID()}`;
    await stripe.customers.create({ email: "a@example.com" }, { idempotencyKey: key });
    const error = await rejection(stripe.customers.create({ email: "b@example.com" }, { idempotencyKey: key }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({ type: "StripeIdempotencyError", statusCode: 400 });
  });

  it("answers a wrong API key with 401 (StripeAuthenticationError)", async () => {
    const error = await rejection(stripeClient("sk_test_wrong", standin.port).customers.create({}));
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.message).toContain("Invalid API Key provided: sk_test_*");
  });

  it("answers a missing required parameter with 400 parameter_missing", async () => {
    const customer = await stripe.customers.create({});
    const error = await rejection(stripe.checkout.sessions.create({ mode: "subscription", customer: customer.id }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, code: "parameter_missing", param: "line_items" });
    const portal = await rejection(stripe.billingPortal.sessions.create({ return_url: "http://example.com" }));
    expect(portal).toMatchObject({ statusCode: 400, code: "parameter_missing", param: "customer" });
  });

  it("answers an unknown id with 404 resource_missing", async () => {
    const error = await rejection(stripe.customers.retrieve("cus_doesnotexist00"));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing", param: "id", message: "No such customer: 'cus_doesnotexist00'" });
    const subscription = await rejection(stripe.subscriptions.retrieve("sub_missing"));
    expect(subscription).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });

  it("rejects an unknown price in line_items with 400 naming the parameter", async () => {
    const customer = await stripe.customers.create({});
    const error = await rejection(createSession(customer.id, { line_items: [{ price: "price_nope", quantity: 1 }] }));
    expect(error).toMatchObject({ statusCode: 400, code: "resource_missing", param: "line_items[0][price]" });
  });

  it("decodes raw and %5B%5D-encoded brackets alike and rejects unknown parameters", async () => {
    const post = (body: string) =>
      fetch(`${standin.url}/v1/customers`, {
        method: "POST",
        headers: { authorization: `Bearer ${SECRET_KEY}`, "content-type": "application/x-www-form-urlencoded" },
        body,
      });
    const encoded = await post("email=enc%40example.com&metadata%5Btenant_id%5D=t%201&metadata[plan]=pro&preferred_locales%5B%5D=en&preferred_locales[]=fr");
    expect(encoded.status).toBe(200);
    expect(await encoded.json()).toMatchObject({ email: "enc@example.com", metadata: { tenant_id: "t 1", plan: "pro" }, preferred_locales: ["en", "fr"] });
    const unknown = await post("emial=typo%40example.com");
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      error: expect.objectContaining({ type: "invalid_request_error", code: "parameter_unknown", param: "emial" }),
    });
  });

  it("lists prices and products from the configured plans", async () => {
    const prices = await stripe.prices.list({ limit: 100 });
    expect(prices.data.map((price) => price.id).sort()).toEqual(["price_agency_monthly", "price_pro_monthly", "price_starter_monthly"]);
    const pro = await stripe.prices.retrieve("price_pro_monthly", { expand: ["product"] });
    expect(pro).toMatchObject({ object: "price", unit_amount: 14_900, currency: "usd", recurring: { interval: "month" }, product: { object: "product", name: "Pro" } });
    const byLookup = await stripe.prices.list({ lookup_keys: ["agency_monthly"] });
    expect(byLookup.data.map((price) => price.id)).toEqual(["price_agency_monthly"]);
    expect((await stripe.products.retrieve("prod_starter")).default_price).toBe("price_starter_monthly");
  });
});

describe("Checkout", () => {
  it("creates an open subscription-mode session whose url is the stand-in's hosted page", async () => {
    const customer = await stripe.customers.create({});
    const session = await createSession(customer.id);
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({
      object: "checkout.session", mode: "subscription", status: "open", payment_status: "unpaid", customer: customer.id,
      client_reference_id: "tenant_42", metadata: { tenant_id: "tenant_42" }, subscription: null, amount_total: 14_900, currency: "usd",
    });
    expect(session.url).toBe(`${standin.url}/checkout/${session.id}`);
    const withItems = await stripe.checkout.sessions.retrieve(session.id, { expand: ["line_items"] });
    expect(withItems.line_items?.data.map((line) => [line.price?.id, line.quantity])).toEqual([["price_pro_monthly", 1]]);
  });

  it("on completion creates the subscription and paid invoice, links them, and delivers signed events", async () => {
    const customer = await stripe.customers.create({ email: "buyer@example.com" });
    const session = await createSession(customer.id);
    const completion = await standin.control.completeCheckout(session.id);
    expect(completion.redirectUrl).toBe(`http://acme.roispectrum.localhost:3000/billing?session_id=${session.id}`);

    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription", "subscription.latest_invoice"] });
    expect(completed).toMatchObject({ status: "complete", payment_status: "paid", customer: customer.id, url: null });
    const subscription = completed.subscription as Stripe.Subscription;
    expect(subscription).toMatchObject({ object: "subscription", status: "active", customer: customer.id, metadata: { tenant_id: "tenant_42" }, cancel_at_period_end: false });
    const item = itemOf(subscription);
    expect(item.price.id).toBe("price_pro_monthly");
    expect(item.current_period_end - item.current_period_start).toBeGreaterThanOrEqual(MONTH_DAYS.min);
    expect(item.current_period_end - item.current_period_start).toBeLessThanOrEqual(MONTH_DAYS.max);
    const invoice = subscription.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ object: "invoice", status: "paid", amount_paid: 14_900, amount_remaining: 0, billing_reason: "subscription_create" });
    expect(invoice.parent?.subscription_details?.subscription).toBe(subscription.id);

    const retrieved = await stripe.subscriptions.retrieve(subscription.id);
    expect(retrieved.latest_invoice).toBe(invoice.id);
    const byCustomer = await stripe.invoices.list({ customer: customer.id });
    const bySubscription = await stripe.invoices.list({ subscription: subscription.id });
    expect(byCustomer.data.map((entry) => entry.id)).toEqual([invoice.id]);
    expect(bySubscription.data.map((entry) => entry.id)).toEqual([invoice.id]);

    await standin.control.settle();
    expect(receiver.deliveriesOf("customer.subscription.created", subscription.id)).toHaveLength(1);
    expect(receiver.deliveriesOf("invoice.paid", invoice.id)).toHaveLength(1);
    const [sessionEvent] = receiver.deliveriesOf("checkout.session.completed", session.id);
    expect(sessionEvent?.event).toMatchObject({ object: "event", livemode: false, api_version: "2026-07-29.dahlia", pending_webhooks: 1 });
    expect(sessionEvent?.event.data.object).toMatchObject({ client_reference_id: "tenant_42", subscription: subscription.id, status: "complete" });
    // The body is Stripe's pretty-printed JSON; a re-serialisation would not match the signature.
    expect(sessionEvent?.rawBody).toContain('\n  "id": "evt_');
  });

  it("serves a hosted page with Pay and Decline forms; Pay completes it and Decline leaves it open", async () => {
    const customer = await stripe.customers.create({});
    const session = await createSession(customer.id);
    const page = await fetch(session.url!);
    const html = await page.text();
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(html).toContain(`<form method="post" action="/checkout/${session.id}/pay"`);
    expect(html).toContain(`<form method="post" action="/checkout/${session.id}/decline"`);
    expect(html).toMatch(/<button[^>]*>Pay<\/button>/);
    expect(html).toMatch(/<button[^>]*>Decline<\/button>/);

    const declined = await fetch(`${standin.url}/checkout/${session.id}/decline`, { method: "POST", redirect: "manual" });
    expect(declined.status).toBe(303);
    expect(declined.headers.get("location")).toBe("http://acme.roispectrum.localhost:3000/billing?canceled=1");
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");

    const paid = await fetch(`${standin.url}/checkout/${session.id}/pay`, {
      method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "action=pay",
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://acme.roispectrum.localhost:3000/billing?session_id=${session.id}`);
    const completed = await stripe.checkout.sessions.retrieve(session.id);
    expect(completed.status).toBe("complete");
    await standin.control.settle();
    expect(receiver.deliveriesOf("checkout.session.completed", session.id)).toHaveLength(1);
    expect(receiver.deliveriesOf("customer.subscription.created", String(completed.subscription))).toHaveLength(1);
    expect(receiver.deliveriesOf("invoice.paid", String(completed.invoice))).toHaveLength(1);
  });

  it("creates a customer from the entered email when the session had none, and pays only once", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "subscription", line_items: [{ price: "price_starter_monthly" }], customer_email: "new@example.com", success_url: "http://example.com/ok",
    });
    const pay = () => fetch(`${standin.url}/checkout/${session.id}/pay`, { method: "POST", redirect: "manual", body: new URLSearchParams({ email: "typed@example.com" }) });
    expect((await pay()).status).toBe(303);
    expect((await pay()).status).toBe(303);
    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["customer"] });
    expect((completed.customer as Stripe.Customer).email).toBe("typed@example.com");
    expect(completed.customer_details?.email).toBe("typed@example.com");
    await standin.control.settle();
    expect(receiver.deliveriesOf("checkout.session.completed", session.id)).toHaveLength(1);
  });

  it("starts a trial with a $0 first invoice, and ending it bills the first period", async () => {
    const customer = await stripe.customers.create({});
    const session = await createSession(customer.id, { subscription_data: { trial_period_days: 14 } });
    const { subscription } = await standin.control.completeCheckout(session.id);
    expect(subscription).toMatchObject({ status: "trialing", trial_end: subscription.trial_start! + 14 * 86_400 });
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe("no_payment_required");
    const [trialInvoice] = (await stripe.invoices.list({ subscription: subscription.id })).data;
    expect(trialInvoice).toMatchObject({ status: "paid", amount_due: 0 });

    const ended = await standin.control.endTrial(subscription.id);
    expect(ended.subscription.status).toBe("active");
    expect(ended.events.map((event) => event.type)).toEqual(["customer.subscription.trial_will_end", "invoice.paid", "customer.subscription.updated"]);
    expect(ended.invoices[0]).toMatchObject({ status: "paid", amount_paid: 14_900 });
    await standin.control.settle();
    const [updated] = receiver.deliveriesOf("customer.subscription.updated", subscription.id);
    expect(updated?.event.data.previous_attributes).toMatchObject({ status: "trialing" });
  });
});

describe("webhook delivery", () => {
  it("retries a delivery answered with 500 until it succeeds on the third attempt", async () => {
    const customer = await stripe.customers.create({});
    const session = await createSession(customer.id);
    receiver.respond = (event, attempt) => (event.type === "checkout.session.completed" && objectId(event) === session.id && attempt <= 2 ? 500 : 200);
    await standin.control.completeCheckout(session.id);
    await standin.control.settle();

    const deliveries = receiver.deliveriesOf("checkout.session.completed", session.id);
    expect(deliveries.map((entry) => [entry.attempt, entry.status])).toEqual([[1, 500], [2, 500], [3, 200]]);
    const eventId = deliveries[0]!.event.id;
    expect(deliveries.every((entry) => entry.event.id === eventId)).toBe(true);
    const log = (await standin.control.deliveries()).filter((entry) => entry.eventId === eventId);
    expect(log.map((entry) => [entry.attempt, entry.status, entry.trigger])).toEqual([[1, 500, "automatic"], [2, 500, "retry"], [3, 200, "retry"]]);
    expect(log[1]!.at - log[0]!.at).toBeGreaterThanOrEqual(20);
    expect((await stripe.events.retrieve(eventId)).pending_webhooks).toBe(0);
  });

  it("gives up after the configured attempts and leaves the event pending", async () => {
    const customer = await stripe.customers.create({});
    const session = await createSession(customer.id);
    receiver.respond = (event) => (objectId(event) === session.id ? 503 : 200);
    await standin.control.completeCheckout(session.id);
    await standin.control.settle();
    const deliveries = receiver.deliveriesOf("checkout.session.completed", session.id);
    expect(deliveries.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
    const eventId = deliveries[0]!.event.id;
    expect((await stripe.events.retrieve(eventId)).pending_webhooks).toBe(1);
    const undelivered = await stripe.events.list({ delivery_success: false, limit: 100 });
    expect(undelivered.data.map((event) => event.id)).toContain(eventId);
  });

  it("re-sends an event with the same id and a fresh valid signature", async () => {
    const { subscription } = await subscribe();
    const [created] = receiver.deliveriesOf("customer.subscription.created", subscription.id);
    const attempt = await standin.control.resend(created!.event.id);
    expect(attempt).toMatchObject({ eventId: created!.event.id, status: 200, trigger: "resend" });
    const again = receiver.deliveriesOf("customer.subscription.created", subscription.id);
    expect(again.map((entry) => entry.attempt)).toEqual([1, 2]);
    expect(again[1]!.rawBody).toBe(again[0]!.rawBody.replace('"pending_webhooks": 1', '"pending_webhooks": 0'));
    expect(() => Stripe.webhooks.constructEvent(again[1]!.rawBody, again[1]!.signature, "whsec_wrong")).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it("holds events while paused and releases them in reverse or in a given order", async () => {
    await standin.control.setDelivery({ paused: true });
    const customer = await stripe.customers.create({});
    const first = await standin.control.completeCheckout((await createSession(customer.id)).id);
    const heldIds = first.events.map((event) => event.id);
    expect((await standin.control.delivery()).held).toEqual(heldIds);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.received.filter((entry) => heldIds.includes(entry.event.id))).toEqual([]);

    await standin.control.flush({ order: "reverse" });
    expect(receiver.received.filter((entry) => heldIds.includes(entry.event.id)).map((entry) => entry.event.id)).toEqual([...heldIds].reverse());

    const second = await standin.control.completeCheckout((await createSession(customer.id)).id);
    const [a, b, c] = second.events.map((event) => event.id) as [string, string, string];
    await standin.control.flush({ order: [c, a] });
    expect((await standin.control.dropHeld([b])).length).toBe(1);
    await standin.control.setDelivery({ paused: false });
    await standin.control.settle();
    expect(receiver.received.filter((entry) => [a, b, c].includes(entry.event.id)).map((entry) => entry.event.id)).toEqual([c, a]);

    await standin.control.deliverInOrder([b, a]);
    expect(receiver.received.filter((entry) => [a, b, c].includes(entry.event.id)).map((entry) => entry.event.id)).toEqual([c, a, b, a]);
  });

  it("dials *.localhost webhook hosts at 127.0.0.1 and keeps the Host header", async () => {
    const port = new URL(receiver.url).port;
    const other = await startStripeStandin({
      port: 0, secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, prices: DEFAULT_PRICES,
      webhookUrl: `http://roispectrum.localhost:${port}/webhooks/stripe`,
    });
    try {
      const event = await other.control.emitEvent("customer.created", { id: "cus_hostcheck", object: "customer" });
      await other.control.settle();
      const [delivered] = receiver.received.filter((entry) => entry.event.id === event.id);
      expect(delivered?.host).toBe(`roispectrum.localhost:${port}`);
    } finally {
      await other.close();
    }
  });
});

describe("subscriptions", () => {
  it("changes the plan through the portal page's form and emits customer.subscription.updated", async () => {
    const { customer, subscription } = await subscribe("price_starter_monthly");
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "http://acme.roispectrum.localhost:3000/billing" });
    expect(portal).toMatchObject({ object: "billing_portal.session", customer: customer.id, livemode: false });
    expect(portal.id).toMatch(/^bps_/);
    expect(portal.url).toBe(`${standin.url}/portal/${portal.id}`);

    const html = await (await fetch(portal.url)).text();
    const action = `/portal/${portal.id}/subscriptions/${subscription.id}/change-plan`;
    expect(html).toContain(`action="${action}"`);
    expect(html).toContain('value="price_agency_monthly"');
    expect(html).toContain('href="http://acme.roispectrum.localhost:3000/billing"');

    const response = await fetch(`${standin.url}${action}`, { method: "POST", redirect: "manual", body: new URLSearchParams({ price: "price_agency_monthly" }) });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/portal/${portal.id}?done=change-plan`);
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(itemOf(after)).toMatchObject({ id: itemOf(subscription).id, price: { id: "price_agency_monthly", unit_amount: 39_900 } });

    await standin.control.settle();
    const [updated] = receiver.deliveriesOf("customer.subscription.updated", subscription.id);
    const object = updated?.event.data.object as Stripe.Subscription;
    expect(itemOf(object).price.id).toBe("price_agency_monthly");
    const previousItems = (updated?.event.data.previous_attributes as { items: Stripe.ApiList<Stripe.SubscriptionItem> }).items;
    expect(previousItems.data[0]?.price.id).toBe("price_starter_monthly");
  });

  it("sets cancel at period end from the portal", async () => {
    const { customer, subscription } = await subscribe();
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id });
    const response = await fetch(`${standin.url}/portal/${portal.id}/subscriptions/${subscription.id}/cancel`, { method: "POST", redirect: "manual" });
    expect(response.status).toBe(303);
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after).toMatchObject({ cancel_at_period_end: true, cancel_at: itemOf(subscription).current_period_end, status: "active" });
    await standin.control.settle();
    const [updated] = receiver.deliveriesOf("customer.subscription.updated", subscription.id);
    expect(updated?.event.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null });
  });

  it("updates price, metadata and cancel_at_period_end through the API, and cancels with DELETE", async () => {
    const { subscription } = await subscribe();
    const key = `upd-${randomUUID()}`;
    const updated = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: itemOf(subscription).id, price: "price_starter_monthly" }], metadata: { note: "downgrade" }, cancel_at_period_end: true,
      proration_behavior: "none", expand: ["latest_invoice"],
    }, { idempotencyKey: key });
    expect(itemOf(updated).price.id).toBe("price_starter_monthly");
    expect(updated).toMatchObject({ metadata: { tenant_id: "tenant_42", note: "downgrade" }, cancel_at_period_end: true });
    expect((updated.latest_invoice as Stripe.Invoice).object).toBe("invoice");
    await standin.control.settle();
    const [event] = receiver.deliveriesOf("customer.subscription.updated", subscription.id);
    expect(event?.event.request).toEqual({ id: updated.lastResponse.requestId, idempotency_key: key });

    const canceled = await stripe.subscriptions.cancel(subscription.id, { cancellation_details: { comment: "too expensive" } });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_details: { comment: "too expensive", reason: "cancellation_requested" } });
    expect(canceled.ended_at).not.toBeNull();
    await standin.control.settle();
    expect(receiver.deliveriesOf("customer.subscription.deleted", subscription.id)).toHaveLength(1);
    const again = await rejection(stripe.subscriptions.update(subscription.id, { metadata: { x: "y" } }));
    expect(again.statusCode).toBe(400);
  });

  it("renews on advanceClock: next period, new paid invoice, invoice.paid and customer.subscription.updated", async () => {
    const { subscription } = await subscribe();
    const first = itemOf(subscription);
    const result = await standin.control.advanceClock(subscription.id, { periods: 1 });
    expect(result.events.map((event) => event.type)).toEqual(["invoice.paid", "customer.subscription.updated"]);
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(itemOf(after).current_period_start).toBe(first.current_period_end);
    expect(itemOf(after).current_period_end).toBeGreaterThan(first.current_period_end + MONTH_DAYS.min - 1);

    await standin.control.settle();
    const renewal = result.invoices[0]!;
    const [paid] = receiver.deliveriesOf("invoice.paid", renewal.id);
    const invoice = paid?.event.data.object as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: "paid", billing_reason: "subscription_cycle", amount_paid: 14_900, period_end: first.current_period_end });
    expect(invoice.lines.data[0]?.period).toEqual({ start: first.current_period_end, end: itemOf(after).current_period_end });
    const [updated] = receiver.deliveriesOf("customer.subscription.updated", subscription.id);
    expect(updated?.event.data.previous_attributes).toMatchObject({ latest_invoice: subscription.latest_invoice });
    const invoices = await stripe.invoices.list({ subscription: subscription.id });
    expect(invoices.data.map((entry) => entry.id)).toEqual([renewal.id, subscription.latest_invoice]);
  });

  it("ends a subscription set to cancel at period end when the clock passes it", async () => {
    const { subscription } = await subscribe();
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    const result = await standin.control.advanceClock(subscription.id, { to: itemOf(subscription).current_period_end + 60 });
    expect(result.events.map((event) => event.type)).toEqual(["customer.subscription.deleted"]);
    expect(result.invoices).toEqual([]);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("canceled");
  });

  it("failPayment leaves an open invoice, emits invoice.payment_failed and makes the subscription past_due", async () => {
    const { subscription } = await subscribe();
    const result = await standin.control.failPayment(subscription.id);
    expect(result.events.map((event) => event.type)).toEqual(["invoice.payment_failed", "customer.subscription.updated"]);
    const after = await stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice"] });
    expect(after.status).toBe("past_due");
    expect(after.latest_invoice).toMatchObject({ status: "open", amount_paid: 0, amount_remaining: 14_900, attempt_count: 1 });
    await standin.control.settle();
    expect(receiver.deliveriesOf("invoice.payment_failed", result.invoices[0]!.id)).toHaveLength(1);
    const [updated] = receiver.deliveriesOf("customer.subscription.updated", subscription.id);
    expect(updated?.event.data.previous_attributes).toMatchObject({ status: "active" });
    expect((await stripe.invoices.list({ subscription: subscription.id, status: "open" })).data).toHaveLength(1);

    const recovered = await standin.control.recoverPayment(subscription.id);
    expect(recovered.events.map((event) => event.type)).toEqual(["invoice.paid", "customer.subscription.updated"]);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
  });
});

describe("events API", () => {
  it("lists events with created[gte], newest first, across pages with starting_after", async () => {
    const since = Math.floor(Date.now() / 1000);
    await subscribe();
    await subscribe();
    const expected = (await standin.control.events()).filter((event) => event.created >= since).map((event) => event.id).reverse();
    expect(expected.length).toBeGreaterThanOrEqual(6);

    const pages: string[][] = [];
    let startingAfter: string | undefined;
    for (;;) {
      const page = await stripe.events.list({ created: { gte: since }, limit: 4, starting_after: startingAfter });
      pages.push(page.data.map((event) => event.id));
      if (!page.has_more) break;
      startingAfter = page.data.at(-1)!.id;
    }
    expect(pages[0]).toHaveLength(4);
    expect(pages.flat()).toEqual(expected);
    const auto = await stripe.events.list({ created: { gte: since }, limit: 3 }).autoPagingToArray({ limit: 100 });
    expect(auto.map((event) => event.id)).toEqual(expected);

    const future = await stripe.events.list({ created: { gt: Math.floor(Date.now() / 1000) + 60 } });
    expect(future.data).toEqual([]);
    const invoiceEvents = await stripe.events.list({ type: "invoice.*", created: { gte: since }, limit: 100 });
    expect(invoiceEvents.data.length).toBeGreaterThanOrEqual(2);
    expect(invoiceEvents.data.every((event) => event.type.startsWith("invoice."))).toBe(true);

    const one = await stripe.events.retrieve(expected[0]!);
    expect(one).toMatchObject({ id: expected[0], object: "event", livemode: false });
  });

  it("serves the control API over HTTP with the same behaviour", async () => {
    const { createControlClient } = await import("./server");
    const client = createControlClient(standin.url, SECRET_KEY);
    const customer = await stripe.customers.create({});
    const session = await createSession(customer.id);
    const completion = await client.completeCheckout(session.id);
    expect(completion.subscription.status).toBe("active");
    const advanced = await client.advanceClock(completion.subscription.id, { periods: 2 });
    expect(advanced.invoices).toHaveLength(2);
    await client.settle();
    const all = await client.events();
    expect(all.filter((event) => event.type === "invoice.paid" && (event.data.object as { customer?: string }).customer === customer.id)).toHaveLength(3);
    await expect(createControlClient(standin.url, "sk_test_wrong").events()).rejects.toThrow(/Invalid API Key/);
  });
});

describe("trials and dunning on the simulated clock", () => {
  it("fires trial_will_end three days before the trial ends and bills when the clock passes it", async () => {
    const customer = await stripe.customers.create({});
    const session = await createSession(customer.id, { subscription_data: { trial_period_days: 7 } });
    const { subscription } = await standin.control.completeCheckout(session.id);
    const trialEnd = subscription.trial_end!;
    const warned = await standin.control.advanceClock(subscription.id, { to: trialEnd - 3 * 86_400 });
    expect(warned.events.map((event) => event.type)).toEqual(["customer.subscription.trial_will_end"]);
    const billed = await standin.control.advanceClock(subscription.id, { periods: 1 });
    expect(billed.events.map((event) => event.type)).toEqual(["invoice.paid", "customer.subscription.updated"]);
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after).toMatchObject({ status: "active", trial_end: trialEnd, billing_cycle_anchor: trialEnd });
    expect(itemOf(after).current_period_start).toBe(trialEnd);
  });

  it("cancels a past_due subscription when retries are exhausted", async () => {
    const { subscription } = await subscribe();
    await standin.control.failPayment(subscription.id);
    const again = await standin.control.failPayment(subscription.id);
    expect(again.events.map((event) => event.type)).toEqual(["invoice.payment_failed"]);
    expect(again.invoices).toEqual([]);
    const ended = await standin.control.exhaustRetries(subscription.id, "canceled");
    expect(ended.events.map((event) => event.type)).toEqual(["customer.subscription.deleted"]);
    expect(ended.subscription).toMatchObject({ status: "canceled", cancellation_details: { reason: "payment_failed" } });
    await expect(standin.control.advanceClock(subscription.id)).rejects.toThrow(/canceled subscription/);
  });
});
