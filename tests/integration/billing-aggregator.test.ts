import { afterAll, describe, expect, it } from "vitest";
import {
  deliverEvents, eventPayload, eventsOfCustomer, ledgerRows, nowSeconds, signPayload, startBillingTestEnv, subscribeTenant, webhookRequest,
} from "../helpers/billing";

// Before anything reads the configuration: this file's own Stripe stand-in and billing queue.
const env = await startBillingTestEnv();

const { POST: webhook } = await import("@/app/api/v1/webhooks/stripe/route");
const { defaultBillingQueue } = await import("@/lib/billing/billing-queue");
const { drainBillingQueue } = await import("@/lib/billing/drain-billing-queue");
const { applyStripeEvent } = await import("@/lib/billing/apply-stripe-event");
const { stripeEventSchema } = await import("@/lib/billing/stripe-object-schemas");
const { reconcileStripeEvents } = await import("@/lib/billing/reconcile-stripe-events");
const { listDeadLetters } = await import("@/lib/billing/list-dead-letters");
const { replayDeadLetters } = await import("@/lib/billing/replay-dead-letters");
const { acquireBillingLock } = await import("@/lib/billing/acquire-billing-lock");
const { expireLapsedSubscriptions } = await import("@/lib/billing/expire-lapsed-subscriptions");
const { toSubscriptionSnapshot } = await import("@/lib/billing/to-subscription-snapshot");
const { recordFailedEvent, withTenantDb } = await import("@/lib/db");
const { getRedis } = await import("@/lib/redis");
const { createTestTenant } = await import("../helpers/factories");

const queue = defaultBillingQueue();
const redis = getRedis();

afterAll(() => env.close());

type StandinEvent = Awaited<ReturnType<typeof eventsOfCustomer>>[number];

/** A tenant with a subscription that renewed, failed a payment and recovered: ~9 events, not delivered. */
async function lifeCycle(): Promise<{ tenantId: string; subscriptionId: string; events: StandinEvent[] }> {
  const tenant = await createTestTenant();
  const completion = await subscribeTenant(env, tenant.id, { price: "price_pro_monthly" });
  const subscriptionId = completion.subscription.id;
  await env.standin.control.advanceClock(subscriptionId);
  await env.standin.control.failPayment(subscriptionId);
  await env.standin.control.recoverPayment(subscriptionId);
  return { tenantId: tenant.id, subscriptionId, events: await eventsOfCustomer(env, completion.customer.id) };
}

/** The stored subscription compared with what Stripe holds now. */
async function expectStoredToMatchStripe(tenantId: string, subscriptionId: string): Promise<void> {
  const truth = toSubscriptionSnapshot(await env.stripe.subscriptions.retrieve(subscriptionId));
  const rows = await withTenantDb(tenantId, (db) => db.subscription.findMany());
  expect(rows.map((row) => ({
    stripeSubId: row.stripeSubId, status: row.status, stripePriceId: row.stripePriceId, expiresAt: row.expiresAt,
    currentPeriodStart: row.currentPeriodStart, cancelAtPeriodEnd: row.cancelAtPeriodEnd, trialEnd: row.trialEnd,
  }))).toEqual([{
    stripeSubId: truth.stripeSubId, status: truth.status, stripePriceId: truth.priceId, expiresAt: truth.expiresAt,
    currentPeriodStart: truth.currentPeriodStart, cancelAtPeriodEnd: truth.cancelAtPeriodEnd, trialEnd: truth.trialEnd,
  }]);
}

async function streamEventIds(): Promise<string[]> {
  const entries = (await redis.xrange<Record<string, unknown>>(queue.stream, "-", "+")) as Record<string, Record<string, unknown>> | null;
  return Object.values(entries ?? {}).map((fields) => String(fields.id));
}

async function ensureGroup(): Promise<void> {
  await redis.xgroup(queue.stream, { type: "CREATE", group: queue.group, id: "0", options: { MKSTREAM: true } }).catch(() => undefined);
}

describe("billing aggregator", () => {
  it("reclaims entries a stopped consumer read but never acknowledged, and applies each event once", async () => {
    const { tenantId, subscriptionId, events } = await lifeCycle();
    expect(events.length).toBeGreaterThanOrEqual(9);
    expect(await deliverEvents(webhook, events, env.webhookSecret)).toEqual(events.map(() => 200));

    // A run reads k entries, applies the first j, and dies before acknowledging any of them.
    await ensureGroup();
    const k = 6;
    const j = 3;
    const read = (await redis.xreadgroup(queue.group, "stopped-worker", queue.stream, ">", { count: k })) as [string, [string, unknown[]][]][];
    const readEntries = read[0]![1];
    expect(readEntries).toHaveLength(k);
    for (const [, fields] of readEntries.slice(0, j)) {
      const body = fields[fields.indexOf("event") + 1];
      await applyStripeEvent(stripeEventSchema.parse(typeof body === "string" ? JSON.parse(body) : body));
    }

    const report = await drainBillingQueue({ minIdleMs: 0 });
    expect(report).toMatchObject({ reclaimed: k, applied: events.length - j, duplicates: j, failed: 0, deadLettered: 0 });
    const ledger = await ledgerRows(events.map((event) => event.id));
    expect(ledger.map((row) => [row.status, row.applied_tenant_id])).toEqual(events.map(() => ["applied", tenantId]));
    await expectStoredToMatchStripe(tenantId, subscriptionId);
    // Checkout, the renewal, and the invoice that failed and was then paid.
    const invoices = await withTenantDb(tenantId, (db) => db.invoice.findMany({ orderBy: { createdAt: "asc" } }));
    expect(invoices.map((invoice) => [invoice.status, invoice.amountPaid])).toEqual([["paid", 14_900n], ["paid", 14_900n], ["paid", 14_900n]]);
    expect(invoices.filter((invoice) => invoice.paymentFailedAt !== null)).toHaveLength(1);
    expect(await streamEventIds()).toEqual([]);
  });

  it("applies each event once when runs overlap, even without the lock", async () => {
    const { tenantId, subscriptionId, events } = await lifeCycle();
    await env.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
    const all = await eventsOfCustomer(env, events[0]!.data.object.customer as string);
    await deliverEvents(webhook, all, env.webhookSecret);

    const reports = await Promise.all(Array.from({ length: 4 }, () => drainBillingQueue({ minIdleMs: 0, useLock: false, batchSize: 3 })));
    expect(reports.reduce((sum, report) => sum + report.applied, 0)).toBe(all.length);
    expect(reports.reduce((sum, report) => sum + report.failed, 0)).toBe(0);
    expect((await ledgerRows(all.map((event) => event.id))).filter((row) => row.status === "applied")).toHaveLength(all.length);
    await expectStoredToMatchStripe(tenantId, subscriptionId);
    const [stored] = await withTenantDb(tenantId, (db) => db.subscription.findMany());
    expect(stored!.cancelAtPeriodEnd).toBe(true);
  });

  it("lets one run at a time hold the queue", async () => {
    const lock = await acquireBillingLock(queue, 10_000);
    expect(lock).not.toBeNull();
    expect(await drainBillingQueue()).toMatchObject({ locked: true, applied: 0 });
    await lock!.release();
    expect((await drainBillingQueue()).locked).toBe(false);
  });

  it("records events for a customer no tenant has as ignored, once", async () => {
    const customer = await env.stripe.customers.create({ name: "Not a workspace" });
    const session = await env.stripe.checkout.sessions.create({
      mode: "subscription", customer: customer.id, line_items: [{ price: "price_starter_monthly", quantity: 1 }],
      success_url: "http://example.test/ok", cancel_url: "http://example.test/no",
    });
    const { events } = await env.standin.control.completeCheckout(session.id);
    await deliverEvents(webhook, events, env.webhookSecret);
    expect(await drainBillingQueue({ minIdleMs: 0 })).toMatchObject({ ignored: events.length, applied: 0 });
    const ledger = await ledgerRows(events.map((event) => event.id));
    expect(ledger.map((row) => [row.status, row.error])).toEqual(events.map(() => ["ignored", "no tenant has this Stripe customer"]));
  });

  it("links a customer first named by Checkout and applies that customer's other events of the same batch", async () => {
    // Only the Checkout Session names the tenant (client_reference_id); the subscription and invoice
    // events carry the customer alone, which no tenant has until the checkout event links it.
    const tenant = await createTestTenant();
    const customer = await env.stripe.customers.create({ name: "Linked by Checkout" });
    const session = await env.stripe.checkout.sessions.create({
      mode: "subscription", customer: customer.id, client_reference_id: tenant.id, line_items: [{ price: "price_starter_monthly", quantity: 1 }],
      success_url: "http://example.test/ok", cancel_url: "http://example.test/no",
    });
    const { events } = await env.standin.control.completeCheckout(session.id);
    expect(events.map((event) => event.type)).toContain("invoice.paid");
    await deliverEvents(webhook, events, env.webhookSecret);

    expect(await drainBillingQueue({ minIdleMs: 0 })).toMatchObject({ applied: events.length, ignored: 0, failed: 0 });
    const ledger = await ledgerRows(events.map((event) => event.id));
    expect(ledger.map((row) => row.status)).toEqual(events.map(() => "applied"));
    const [subscription] = events.filter((event) => event.type.startsWith("customer.subscription.")).map((event) => (event.data.object as { id: string }).id);
    await expectStoredToMatchStripe(tenant.id, subscription!);
    const invoices = await withTenantDb(tenant.id, (db) => db.invoice.findMany());
    expect(invoices).toHaveLength(1);
  });

  it("applies events acknowledged to Stripe but lost from Redis, through the reconciler", async () => {
    const { tenantId, subscriptionId, events } = await lifeCycle();
    await deliverEvents(webhook, events, env.webhookSecret);
    // Redis loses the stream (restart without persistence); the webhook's de-duplication markers survive.
    await redis.del(queue.stream);
    expect((await drainBillingQueue({ minIdleMs: 0 })).applied).toBe(0);
    expect(await ledgerRows(events.map((event) => event.id))).toEqual([]);
    // Stripe's retries change nothing: those deliveries look like duplicates.
    expect(await deliverEvents(webhook, events.slice(0, 1), env.webhookSecret)).toEqual([200]);

    const reconciled = await reconcileStripeEvents({ minAgeSeconds: 0 });
    expect(reconciled.enqueued).toBe(events.length);
    expect((await drainBillingQueue({ minIdleMs: 0 })).applied).toBe(events.length);
    expect((await ledgerRows(events.map((event) => event.id))).every((row) => row.status === "applied")).toBe(true);
    await expectStoredToMatchStripe(tenantId, subscriptionId);

    const again = await reconcileStripeEvents({ minAgeSeconds: 0 });
    expect(again.enqueued).toBe(0);
    expect(Date.parse(again.watermark)).toBe(Math.max(...events.map((event) => event.created)) * 1000);
  });

  it("leaves events younger than the minimum age to the webhook", async () => {
    const { events } = await lifeCycle();
    const reconciled = await reconcileStripeEvents({ minAgeSeconds: 3_600 });
    expect(reconciled.enqueued).toBe(0);
    expect(Date.parse(reconciled.watermark)).toBeLessThanOrEqual(Math.min(...events.map((event) => event.created)) * 1000);
    await deliverEvents(webhook, events, env.webhookSecret);
    await drainBillingQueue({ minIdleMs: 0 });
  });

  it("dead-letters a poison event after 5 failed attempts while the others flow", async () => {
    const poisonId = `evt_poison_${Math.random().toString(36).slice(2)}`;
    const poison = eventPayload({ id: poisonId, type: "invoice.paid", created: nowSeconds(), data: { object: { id: "in_poison", object: "invoice", customer: "cus_x" } } });
    expect((await webhook(webhookRequest(poison, signPayload(poison, env.webhookSecret)))).status).toBe(200);
    const { tenantId, subscriptionId, events } = await lifeCycle();
    await deliverEvents(webhook, events, env.webhookSecret);

    const first = await drainBillingQueue({ minIdleMs: 0 });
    expect(first).toMatchObject({ applied: events.length, failed: 1, deadLettered: 0 });
    await expectStoredToMatchStripe(tenantId, subscriptionId);
    for (let attempt = 2; attempt <= 5; attempt++) {
      expect(await drainBillingQueue({ minIdleMs: 0 })).toMatchObject({ reclaimed: 1, failed: 1, deadLettered: 0 });
    }
    expect(await drainBillingQueue({ minIdleMs: 0 })).toMatchObject({ reclaimed: 0, failed: 0, deadLettered: 1 });

    const [letter] = (await listDeadLetters()).filter((entry) => entry.eventId === poisonId);
    expect(letter).toMatchObject({ eventId: poisonId, type: "invoice.paid", attempts: 5 });
    expect(letter!.error).toContain("amount_due");
    const [row] = await ledgerRows([poisonId]);
    expect(row).toMatchObject({ status: "failed", attempts: 5 });
    expect(row!.error).toContain("amount_due");
    expect(await streamEventIds()).not.toContain(poisonId);
    expect(await redis.xpending(queue.stream, queue.group, "-", "+", 10)).toEqual([]);

    // A replay puts it back on the queue with fresh attempts.
    expect((await replayDeadLetters()).replayed).toBeGreaterThanOrEqual(1);
    expect(await listDeadLetters()).toEqual([]);
    expect(await streamEventIds()).toContain(poisonId);
    expect(await drainBillingQueue({ minIdleMs: 0 })).toMatchObject({ failed: 1 });
    const [entryId] = ((await redis.xpending(queue.stream, queue.group, "-", "+", 10)) as [string][]).map(([id]) => id);
    await redis.multi().xack(queue.stream, queue.group, entryId!).xdel(queue.stream, entryId!).exec();
  });

  it("applies the rest of a batch when one event fails inside its transaction, and records nothing of the failed one", async () => {
    // Both tenants' events share the batch, and with concurrency 1 one transaction: the bad one (a
    // price no plan uses, found only while applying) sends the group down its per-event path.
    const good = await lifeCycle();
    const bad = await lifeCycle();
    const subscription = await env.stripe.subscriptions.retrieve(bad.subscriptionId);
    const badId = `evt_bad_price_${Math.random().toString(36).slice(2)}`;
    const object = { ...subscription, items: { ...subscription.items, data: subscription.items.data.map((item) => ({ ...item, price: { ...item.price, id: "price_no_plan" } })) } };
    const badEvent = eventPayload({ id: badId, type: "customer.subscription.updated", created: nowSeconds() + 3600, data: { object } });
    await deliverEvents(webhook, [...good.events, ...bad.events], env.webhookSecret);
    expect((await webhook(webhookRequest(badEvent, signPayload(badEvent, env.webhookSecret)))).status).toBe(200);

    const report = await drainBillingQueue({ minIdleMs: 0, concurrency: 1 });
    expect(report).toMatchObject({ applied: good.events.length + bad.events.length, failed: 1 });
    await expectStoredToMatchStripe(good.tenantId, good.subscriptionId);
    await expectStoredToMatchStripe(bad.tenantId, bad.subscriptionId);
    expect(await ledgerRows([badId])).toEqual([]);
    const pending = (await redis.xpending(queue.stream, queue.group, "-", "+", 10)) as [string][];
    expect(pending).toHaveLength(1);
    await redis.multi().xack(queue.stream, queue.group, pending[0]![0]).xdel(queue.stream, pending[0]![0]).exec();
  });

  it("applies a dead-lettered event once when a replay succeeds", async () => {
    const { tenantId, events } = await lifeCycle();
    const checkoutCompleted = events.find((event) => event.type === "checkout.session.completed")!;
    const envelope = stripeEventSchema.parse(checkoutCompleted);
    await recordFailedEvent({ id: envelope.id, type: envelope.type, created: new Date(envelope.created * 1000) }, "Error: Stripe was down", 5);
    expect(await applyStripeEvent(envelope)).toMatchObject({ outcome: "applied", tenantId });
    expect(await ledgerRows([envelope.id])).toEqual([expect.objectContaining({ status: "applied", error: null, attempts: 6 })]);
    expect(await applyStripeEvent(envelope)).toMatchObject({ outcome: "duplicate" });
  });
});

describe("expiring subscriptions", () => {
  it("expires a live subscription whose period ended more than a day ago, and only that one", async () => {
    const tenant = await createTestTenant();
    const day = 24 * 3600 * 1000;
    await withTenantDb(tenant.id, (db) => db.subscription.createMany({
      data: [
        { tenantId: tenant.id, stripeSubId: "sub_lapsed", status: "active", planTier: "pro", expiresAt: new Date(Date.now() - 2 * day) },
        { tenantId: tenant.id, stripeSubId: "sub_renewing", status: "active", planTier: "pro", expiresAt: new Date(Date.now() - day / 24) },
        { tenantId: tenant.id, stripeSubId: "sub_canceled", status: "canceled", planTier: "pro", expiresAt: new Date(Date.now() - 9 * day) },
      ],
    }));
    expect((await expireLapsedSubscriptions()).expired).toBeGreaterThanOrEqual(1);
    const rows = await withTenantDb(tenant.id, (db) => db.subscription.findMany({ orderBy: { stripeSubId: "asc" } }));
    expect(rows.map((row) => [row.stripeSubId, row.status])).toEqual([["sub_canceled", "canceled"], ["sub_lapsed", "expired"], ["sub_renewing", "active"]]);
  });
});
