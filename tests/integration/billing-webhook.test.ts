import { afterAll, describe, expect, it } from "vitest";
import { cronRequest, eventPayload, ledgerRows, nowSeconds, signPayload, startBillingTestEnv, webhookRequest } from "../helpers/billing";

// Before anything reads the configuration: this file's own Stripe stand-in and billing queue.
const env = await startBillingTestEnv();

const { POST: webhook } = await import("@/app/api/v1/webhooks/stripe/route");
const { GET: drainCron } = await import("@/app/api/v1/cron/billing/route");
const { GET: maintenanceCron } = await import("@/app/api/v1/cron/billing-maintenance/route");
const deadLetterRoutes = await import("@/app/api/v1/cron/billing-dead-letters/route");
const { defaultBillingQueue } = await import("@/lib/billing/billing-queue");
const { drainBillingQueue } = await import("@/lib/billing/drain-billing-queue");
const { ensureStripeCustomer } = await import("@/lib/billing/ensure-stripe-customer");
const { getRedis } = await import("@/lib/redis");
const { withTenantDb } = await import("@/lib/db");
const { createTestTenant } = await import("../helpers/factories");

const queue = defaultBillingQueue();

afterAll(() => env.close());

interface Receipt { received?: boolean; status?: string; eventId?: string; error?: { code: string } }

async function deliver(payload: string, signature: string | null): Promise<{ status: number; body: Receipt }> {
  const response = await webhook(webhookRequest(payload, signature));
  return { status: response.status, body: (await response.json()) as Receipt };
}

/** Stream entries (of this file's queue) carrying this event id. */
async function queuedEntries(eventId: string): Promise<string[]> {
  const entries = (await getRedis().xrange<Record<string, unknown>>(queue.stream, "-", "+")) as Record<string, Record<string, unknown>> | null;
  return Object.entries(entries ?? {}).filter(([, fields]) => fields.id === eventId).map(([entryId]) => entryId);
}

function fakeInvoiceEvent(type = "invoice.paid") {
  const id = `evt_test_${Math.random().toString(36).slice(2)}`;
  return { id, payload: eventPayload({ id, type, created: nowSeconds(), data: { object: { id: "in_x", object: "invoice" } } }) };
}

describe("POST /api/v1/webhooks/stripe", () => {
  it("accepts a correctly signed event and queues it", async () => {
    const event = fakeInvoiceEvent();
    const result = await deliver(event.payload, signPayload(event.payload, env.webhookSecret));
    expect(result).toEqual({ status: 200, body: { received: true, eventId: event.id, status: "queued" } });
    expect(await queuedEntries(event.id)).toHaveLength(1);
  });

  describe("refuses with 400 and queues nothing", () => {
    const cases: [string, (payload: string) => { body: string; signature: string | null }][] = [
      ["a tampered body", (payload) => ({ body: payload.replace('"in_x"', '"in_y"'), signature: signPayload(payload, env.webhookSecret) })],
      ["a signature made with another secret", (payload) => ({ body: payload, signature: signPayload(payload, "whsec_not_ours") })],
      ["a signature older than five minutes", (payload) => ({ body: payload, signature: signPayload(payload, env.webhookSecret, nowSeconds() - 301) })],
      ["a body re-serialised after signing", (payload) => ({ body: JSON.stringify(JSON.parse(payload) as unknown), signature: signPayload(payload, env.webhookSecret) })],
      ["no signature", (payload) => ({ body: payload, signature: null })],
      ["a malformed signature header", (payload) => ({ body: payload, signature: "t=abc,v1=" })],
    ];

    it.each(cases)("%s", async (_name, tamper) => {
      const event = fakeInvoiceEvent();
      const { body, signature } = tamper(event.payload);
      const result = await deliver(body, signature);
      expect([result.status, result.body.error?.code]).toEqual([400, "bad_request"]);
      expect(await queuedEntries(event.id)).toEqual([]);
      // Nor is the event marked as seen: Stripe's genuine retry must still get through.
      const genuine = await deliver(event.payload, signPayload(event.payload, env.webhookSecret));
      expect(genuine.body.status).toBe("queued");
    });
  });

  it("answers 200 to event types it does not act on, without queuing them", async () => {
    const id = `evt_test_${Math.random().toString(36).slice(2)}`;
    const payload = eventPayload({ id, type: "customer.created", created: nowSeconds(), data: { object: { id: "cus_x", object: "customer" } } });
    const result = await deliver(payload, signPayload(payload, env.webhookSecret));
    expect(result).toEqual({ status: 200, body: { received: true, eventId: id, status: "ignored" } });
    expect(await queuedEntries(id)).toEqual([]);
  });

  it("turns 10 concurrent deliveries of one event into one queue entry and one applied effect", async () => {
    const tenant = await createTestTenant();
    const customer = await ensureStripeCustomer(tenant.id);
    const session = await env.stripe.checkout.sessions.create({
      mode: "subscription", customer, client_reference_id: tenant.id, line_items: [{ price: "price_pro_monthly", quantity: 1 }],
      success_url: "http://example.test/ok", cancel_url: "http://example.test/no",
    });
    const completion = await env.standin.control.completeCheckout(session.id);
    const paid = completion.events.find((event) => event.type === "invoice.paid")!;
    const payload = JSON.stringify(paid, null, 2);

    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(payload, signPayload(payload, env.webhookSecret))));
    expect(results.map((result) => result.status)).toEqual(Array(10).fill(200));
    expect(results.filter((result) => result.body.status === "queued")).toHaveLength(1);
    expect(results.filter((result) => result.body.status === "duplicate")).toHaveLength(9);
    expect(await queuedEntries(paid.id)).toHaveLength(1);

    await drainBillingQueue({ minIdleMs: 0 });
    expect(await ledgerRows([paid.id])).toEqual([expect.objectContaining({ event_id: paid.id, status: "applied", applied_tenant_id: tenant.id })]);
    const invoices = await withTenantDb(tenant.id, (db) => db.invoice.findMany());
    expect(invoices.map((invoice) => [invoice.stripeInvoiceId, invoice.status, invoice.amountPaid])).toEqual([[completion.invoice.id, "paid", 14_900n]]);
    expect(await queuedEntries(paid.id)).toEqual([]);
  });
});

describe("cron routes", () => {
  const routes = [
    ["GET /api/v1/cron/billing", drainCron, "/api/v1/cron/billing", "GET"],
    ["GET /api/v1/cron/billing-maintenance", maintenanceCron, "/api/v1/cron/billing-maintenance", "GET"],
    ["GET /api/v1/cron/billing-dead-letters", deadLetterRoutes.GET, "/api/v1/cron/billing-dead-letters", "GET"],
    ["POST /api/v1/cron/billing-dead-letters", deadLetterRoutes.POST, "/api/v1/cron/billing-dead-letters", "POST"],
  ] as const;

  it.each(routes)("%s answers 401 without the cron secret or with a wrong one", async (_name, handler, path, method) => {
    for (const secret of [null, "wrong-secret-0123456789", "", `${process.env.CRON_SECRET}x`]) {
      const response = await handler(cronRequest(path, secret, method));
      expect(response.status).toBe(401);
      expect(((await response.json()) as Receipt).error?.code).toBe("unauthorized");
    }
  });

  it("runs the aggregator with the cron secret", async () => {
    const response = await drainCron(cronRequest("/api/v1/cron/billing"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ locked: false, deadLettered: 0 });
  });

});
