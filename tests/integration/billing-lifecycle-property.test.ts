import { afterAll, describe, expect, it } from "vitest";
import { deliverEvents, eventsOfCustomer, startBillingTestEnv, subscribeTenant } from "../helpers/billing";
import { mulberry32 } from "../helpers/prng";

// Before anything reads the configuration: this file's own Stripe stand-in and billing queue.
const env = await startBillingTestEnv();

const { POST: webhook } = await import("@/app/api/v1/webhooks/stripe/route");
const { drainBillingQueue } = await import("@/lib/billing/drain-billing-queue");
const { toSubscriptionSnapshot } = await import("@/lib/billing/to-subscription-snapshot");
const { withTenantDb } = await import("@/lib/db");
const { createTestTenant } = await import("../helpers/factories");

afterAll(() => env.close());

const PRICES = ["price_starter_monthly", "price_pro_monthly", "price_agency_monthly"];

/** Random things that happen to a subscription; an operation its state does not allow is skipped. */
function operations(subscriptionId: string, random: () => number): (() => Promise<unknown>)[] {
  const { control } = env.standin;
  return [
    () => control.advanceClock(subscriptionId),
    () => control.advanceClock(subscriptionId),
    () => control.failPayment(subscriptionId),
    () => control.recoverPayment(subscriptionId),
    () => control.exhaustRetries(subscriptionId, random() < 0.5 ? "unpaid" : "canceled"),
    () => control.endTrial(subscriptionId),
    () => env.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true }),
    () => env.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: false }),
    async () => {
      const subscription = await env.stripe.subscriptions.retrieve(subscriptionId);
      const item = subscription.items.data[0]!;
      const others = PRICES.filter((price) => price !== item.price.id);
      return env.stripe.subscriptions.update(subscriptionId, { items: [{ id: item.id, price: others[Math.floor(random() * others.length)]! }] });
    },
    () => env.stripe.subscriptions.cancel(subscriptionId),
  ];
}

describe("subscription life cycles delivered shuffled and repeated", () => {
  const SEEDS = Array.from({ length: 24 }, (_, index) => 7_000 + index);

  it.each(SEEDS)("leave the stored subscription and invoices equal to Stripe's final state (seed %i)", async (seed) => {
    const random = mulberry32(seed);
    const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

    const tenant = await createTestTenant();
    const completion = await subscribeTenant(env, tenant.id, {
      price: PRICES[int(0, 2)], trialDays: random() < 0.3 ? 14 : undefined,
    });
    const subscriptionId = completion.subscription.id;
    const ops = operations(subscriptionId, random);
    for (let step = int(3, 10); step > 0; step--) await ops[int(0, ops.length - 1)]!().catch(() => undefined);

    // The stand-in's clock is real time, so most events share a second. Spread them over seconds in
    // the order Stripe created them, keeping runs of 1-3 in the same second: both the time guard and
    // the same-second tie-break are exercised.
    const events = await eventsOfCustomer(env, completion.customer.id);
    let second = events[0]!.created;
    let left = int(1, 3);
    const stamped = events.map((event) => {
      if (left-- === 0) {
        second += int(1, 2);
        left = int(1, 3) - 1;
      }
      return { ...event, created: second };
    });
    // Every event one to three times, in random order, in concurrent bursts, drained at random points.
    const deliveries = stamped.flatMap((event) => Array.from({ length: int(1, 3) }, () => event));
    for (let index = deliveries.length - 1; index > 0; index--) {
      const other = int(0, index);
      [deliveries[index], deliveries[other]] = [deliveries[other]!, deliveries[index]!];
    }
    while (deliveries.length > 0) {
      const burst = deliveries.splice(0, int(1, 6));
      expect(await deliverEvents(webhook, burst, env.webhookSecret)).toEqual(burst.map(() => 200));
      if (random() < 0.5) await drainBillingQueue({ minIdleMs: 0 });
    }
    const report = await drainBillingQueue({ minIdleMs: 0 });
    expect(report).toMatchObject({ failed: 0, deadLettered: 0 });

    const truth = toSubscriptionSnapshot(await env.stripe.subscriptions.retrieve(subscriptionId));
    const rows = await withTenantDb(tenant.id, (db) => db.subscription.findMany());
    expect(rows.map((row) => ({
      status: row.status, priceId: row.stripePriceId, expiresAt: row.expiresAt, currentPeriodStart: row.currentPeriodStart,
      cancelAtPeriodEnd: row.cancelAtPeriodEnd, trialEnd: row.trialEnd, canceledAt: row.canceledAt,
    }))).toEqual([{
      status: truth.status, priceId: truth.priceId, expiresAt: truth.expiresAt, currentPeriodStart: truth.currentPeriodStart,
      cancelAtPeriodEnd: truth.cancelAtPeriodEnd, trialEnd: truth.trialEnd, canceledAt: truth.canceledAt,
    }]);

    const stripeInvoices = await env.stripe.invoices.list({ customer: completion.customer.id, limit: 100 });
    const stored = await withTenantDb(tenant.id, (db) => db.invoice.findMany());
    const byId = (list: { id: string; status: string; amountPaid: number }[]) => list.sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(stored.map((invoice) => ({ id: invoice.stripeInvoiceId, status: invoice.status, amountPaid: Number(invoice.amountPaid) }))))
      .toEqual(byId(stripeInvoices.data.map((invoice) => ({ id: invoice.id!, status: invoice.status!, amountPaid: invoice.amount_paid }))));
  });
});

describe("the stale-event guard", () => {
  async function canceledThenResumed() {
    const tenant = await createTestTenant();
    const completion = await subscribeTenant(env, tenant.id, { price: "price_pro_monthly" });
    const subscriptionId = completion.subscription.id;
    await deliverEvents(webhook, completion.events, env.webhookSecret);
    await drainBillingQueue({ minIdleMs: 0 });
    await env.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
    await env.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: false });
    const [cancel, resume] = (await eventsOfCustomer(env, completion.customer.id)).filter((event) => event.type === "customer.subscription.updated");
    const stored = async () => (await withTenantDb(tenant.id, (db) => db.subscription.findMany()))[0]!.cancelAtPeriodEnd;
    return { cancel: cancel!, resume: resume!, stored };
  }

  it("skips an event older than the state it already holds", async () => {
    const { cancel, resume, stored } = await canceledThenResumed();
    await deliverEvents(webhook, [{ ...resume, created: cancel.created + 5 }], env.webhookSecret);
    await drainBillingQueue({ minIdleMs: 0 });
    await deliverEvents(webhook, [cancel], env.webhookSecret);
    await drainBillingQueue({ minIdleMs: 0 });
    expect(await stored()).toBe(false);
  });

  it("settles two events of the same second by asking Stripe, whatever their arrival order", async () => {
    const { cancel, resume, stored } = await canceledThenResumed();
    const second = cancel.created;
    // Stripe's later event first; the earlier one, same second, must not win by arriving last.
    await deliverEvents(webhook, [{ ...resume, created: second }], env.webhookSecret);
    await drainBillingQueue({ minIdleMs: 0 });
    await deliverEvents(webhook, [{ ...cancel, created: second }], env.webhookSecret);
    await drainBillingQueue({ minIdleMs: 0 });
    expect(await stored()).toBe(false);
  });
});
