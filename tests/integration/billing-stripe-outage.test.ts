import { afterAll, describe, expect, it } from "vitest";
import { deliverEvents, eventsOfCustomer, ledgerRows, startBillingTestEnv, subscribeTenant } from "../helpers/billing";

// Its own Stripe stand-in, which this file stops: the aggregator must treat Stripe being down as an
// outage (deferred, not a failed attempt), not as a bad event.
const env = await startBillingTestEnv();

const { POST: webhook } = await import("@/app/api/v1/webhooks/stripe/route");
const { defaultBillingQueue } = await import("@/lib/billing/billing-queue");
const { drainBillingQueue } = await import("@/lib/billing/drain-billing-queue");
const { getRedis } = await import("@/lib/redis");
const { createTestTenant } = await import("../helpers/factories");

afterAll(() => env.close().catch(() => undefined));

describe("the billing aggregator while Stripe is unreachable", () => {
  it("defers the events that need Stripe, counts no failed attempt and applies nothing of them", async () => {
    const tenant = await createTestTenant();
    const completion = await subscribeTenant(env, tenant.id, { price: "price_pro_monthly" });
    // Checkout and invoice events carry no subscription state: applying them re-reads it from Stripe.
    const events = (await eventsOfCustomer(env, completion.customer.id)).filter((event) => event.type === "checkout.session.completed" || event.type.startsWith("invoice."));
    expect(events.length).toBeGreaterThan(0);
    await deliverEvents(webhook, events, env.webhookSecret);
    await env.close();

    const report = await drainBillingQueue({ minIdleMs: 0 });
    expect(report.deferred).toBeGreaterThan(0);
    expect(report).toMatchObject({ applied: 0, failed: 0, deadLettered: 0 });
    expect(await ledgerRows(events.map((event) => event.id))).toEqual([]);
    const queue = defaultBillingQueue();
    expect(await getRedis().hlen(queue.attempts)).toBe(0);
    expect(((await getRedis().xpending(queue.stream, queue.group, "-", "+", 100)) as unknown[]).length).toBe(events.length);
  });
});
