import { listAuditEvents, parseAuditPageQuery, verifyAuditChain } from "@/lib/audit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cronRequest, startBillingTestEnv, startRouteRelay } from "../helpers/billing";

// The stand-in delivers its signed webhooks to a local relay that calls the route handler, as Stripe
// would call the deployed app. Set up before anything reads the configuration.
const relay = await startRouteRelay(async () => (await import("@/app/api/v1/webhooks/stripe/route")).POST);
const env = await startBillingTestEnv({ webhookUrl: relay.url });

const { POST: checkout } = await import("@/app/api/v1/billing/checkout/route");
const { POST: portal } = await import("@/app/api/v1/billing/portal/route");
const { GET: billing } = await import("@/app/api/v1/billing/route");
const { GET: drainCron } = await import("@/app/api/v1/cron/billing/route");
const { GET: me } = await import("@/app/api/v1/me/route");
const { POST: createSite } = await import("@/app/api/v1/sites/route");
const { createApiKey } = await import("@/lib/api-keys");
const { maskOf } = await import("@/lib/auth/roles");
const { createTestTenant, createTestUser } = await import("../helpers/factories");
const { call, mintSessionToken, ROOT, tenantRequest } = await import("../helpers/requests");
const { ownerQuery } = await import("../helpers/owner-sql");

type TestTenant = Awaited<ReturnType<typeof createTestTenant>>;
interface ErrorBody { error: { code: string; message: string; details?: { field?: string; message: string }[] } }
interface Overview {
  plan: { tier: string; name: string; limits: { sites: number } };
  entitlements: { basis: string; usage: { sites: number } };
  subscription: { status: string; planTier: string; renewsAt: string | null; endsAt: string | null; cancelAtPeriodEnd: boolean } | null;
  hasBillingAccount: boolean;
  currentMrr: number;
  invoices: { id: string; status: string; amountPaid: number; currency: string }[];
  monthly: { month: string; currency: string; paid: number; failed: number; mrr: number }[];
}

afterAll(async () => {
  await env.close();
  await relay.close();
});

async function ownerSession(tenant: TestTenant, roles: Parameters<typeof maskOf> = ["owner"]): Promise<string> {
  return mintSessionToken(await createTestUser(tenant.id, maskOf(...roles)));
}

async function startCheckout(tenant: TestTenant, session: string, planTier: string) {
  return call<{ url: string } & ErrorBody>(checkout, tenantRequest(tenant.subdomain, "/api/v1/billing/checkout", { sessionToken: session, json: { planTier } }));
}

async function overview(tenant: TestTenant, session: string) {
  return call<Overview & ErrorBody>(billing, tenantRequest(tenant.subdomain, "/api/v1/billing", { sessionToken: session }));
}

/** Pays a Checkout Session on the stand-in's hosted page, waits for its webhooks, runs the cron. */
async function payAndRunCron(url: string): Promise<string | null> {
  const completion = await env.standin.control.completeCheckout(url.split("/").at(-1)!);
  await env.standin.control.settle();
  const response = await drainCron(cronRequest("/api/v1/cron/billing"));
  expect(response.status).toBe(200);
  return completion.redirectUrl;
}

describe("upgrading through Checkout", () => {
  let tenant: TestTenant;
  let session: string;

  beforeAll(async () => {
    tenant = await createTestTenant("Upgrading Agency");
    session = await ownerSession(tenant);
  });

  it("takes a tenant from free to Pro: checkout, Stripe's webhooks, the cron, the billing overview", async () => {
    const before = await overview(tenant, session);
    expect(before.body).toMatchObject({ plan: { tier: "free" }, subscription: null, hasBillingAccount: false, invoices: [], monthly: [] });

    const started = await startCheckout(tenant, session, "pro");
    expect(started.status).toBe(200);
    expect(started.body.url.startsWith(`${env.standin.url}/checkout/cs_test_`)).toBe(true);
    const [stored] = await ownerQuery<{ stripe_customer_id: string }>("SELECT stripe_customer_id FROM tenants WHERE id = $1", [tenant.id]);
    expect(stored!.stripe_customer_id).toMatch(/^cus_/);
    const stripeSession = await env.stripe.checkout.sessions.retrieve(started.body.url.split("/").at(-1)!, { expand: ["line_items"] });
    const tenantBase = `http://${tenant.subdomain}.${ROOT}/billing`;
    expect(stripeSession).toMatchObject({
      mode: "subscription", customer: stored!.stripe_customer_id, client_reference_id: tenant.id,
      metadata: { tenant_id: tenant.id, plan_tier: "pro" },
      success_url: `${tenantBase}?checkout=success&session_id={CHECKOUT_SESSION_ID}`, cancel_url: `${tenantBase}?checkout=canceled`,
    });
    expect(stripeSession.line_items?.data.map((item) => item.price?.id)).toEqual(["price_pro_monthly"]);

    const redirect = await payAndRunCron(started.body.url);
    expect(redirect).toBe(`${tenantBase}?checkout=success&session_id=${stripeSession.id}`);
    const deliveries = await env.standin.control.deliveries();
    expect(deliveries.filter((attempt) => attempt.status !== 200)).toEqual([]);

    const after = await overview(tenant, session);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      plan: { tier: "pro", name: "Pro", limits: { sites: 50 } },
      entitlements: { basis: "subscription", usage: { sites: 0 } },
      subscription: { status: "active", planTier: "pro", cancelAtPeriodEnd: false, endsAt: null },
      hasBillingAccount: true,
      currentMrr: 14_900,
      invoices: [{ status: "paid", amountPaid: 14_900, currency: "USD" }],
    });
    expect(Date.parse(after.body.subscription!.renewsAt!)).toBeGreaterThan(Date.now() + 27 * 24 * 3600 * 1000);
    const thisMonth = new Date().toISOString().slice(0, 7);
    expect(after.body.monthly).toHaveLength(12);
    expect(after.body.monthly.at(-1)).toEqual({ month: thisMonth, currency: "USD", paid: 14_900, failed: 0, mrr: 14_900 });
    // The tenant's cached context was invalidated when the plan changed.
    const whoAmI = await call<{ tenant: { planTier: string } }>(me, tenantRequest(tenant.subdomain, "/api/v1/me", { sessionToken: session }));
    expect(whoAmI.body.tenant.planTier).toBe("pro");
    // Every state change the aggregator applied is in the tenant's audit log, by actor "stripe".
    const audited = await listAuditEvents(tenant.id, parseAuditPageQuery(new URLSearchParams("limit=50")));
    const billingEvents = audited.data.filter((event) => event.action.startsWith("billing."));
    expect(billingEvents.map((event) => event.action).sort()).toEqual(
      expect.arrayContaining(["billing.checkout.session.completed", "billing.customer.subscription.created", "billing.invoice.paid"]),
    );
    expect(new Set(billingEvents.map((event) => event.actor.type))).toEqual(new Set(["stripe"]));
    expect((await verifyAuditChain(tenant.id)).ok).toBe(true);
  });

  it("refuses a second checkout while the tenant is subscribed", async () => {
    const again = await startCheckout(tenant, session, "agency");
    expect([again.status, again.body.error.code]).toEqual([409, "conflict"]);
  });

  it("opens the customer portal for a subscribed tenant, returning to its billing page", async () => {
    const result = await call<{ url: string }>(portal, tenantRequest(tenant.subdomain, "/api/v1/billing/portal", { sessionToken: session, method: "POST" }));
    expect(result.status).toBe(200);
    expect(result.body.url.startsWith(`${env.standin.url}/portal/bps_`)).toBe(true);
  });

  it("shows a failed renewal as past due, in grace, with the failed amount", async () => {
    const [{ stripe_sub_id: subscriptionId }] = await ownerQuery<{ stripe_sub_id: string }>("SELECT stripe_sub_id FROM subscriptions WHERE tenant_id = $1", [tenant.id]) as [{ stripe_sub_id: string }];
    await env.standin.control.failPayment(subscriptionId);
    await env.standin.control.settle();
    await drainCron(cronRequest("/api/v1/cron/billing"));
    const result = await overview(tenant, session);
    expect(result.body).toMatchObject({ plan: { tier: "pro" }, entitlements: { basis: "grace" }, subscription: { status: "past_due" } });
    expect(result.body.invoices.map((invoice) => invoice.status).sort()).toEqual(["open", "paid"]);
    const failed = result.body.monthly.reduce((sum, month) => sum + month.failed, 0);
    expect(failed).toBe(14_900);
  });
});

describe("POST /api/v1/billing/checkout", () => {
  it("creates one Stripe customer however many checkouts start at once", async () => {
    const tenant = await createTestTenant();
    const session = await ownerSession(tenant);
    const results = await Promise.all(Array.from({ length: 5 }, () => startCheckout(tenant, session, "starter")));
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200, 200]);
    const customers = await env.stripe.customers.list({ limit: 100 });
    expect(customers.data.filter((customer) => customer.metadata.tenant_id === tenant.id)).toHaveLength(1);
  });

  it.each([[{ planTier: "free" }], [{ planTier: "gold" }], [{}]])("answers 422 naming planTier for %j", async (body) => {
    const tenant = await createTestTenant();
    const result = await call<ErrorBody>(checkout, tenantRequest(tenant.subdomain, "/api/v1/billing/checkout", { sessionToken: await ownerSession(tenant), json: body }));
    expect([result.status, result.body.error.code]).toEqual([422, "validation_failed"]);
    expect(result.body.error.details?.map((detail) => detail.field)).toEqual(["planTier"]);
  });

  it("answers 409 from the portal for a tenant that never started a checkout", async () => {
    const tenant = await createTestTenant();
    const result = await call<ErrorBody>(portal, tenantRequest(tenant.subdomain, "/api/v1/billing/portal", { sessionToken: await ownerSession(tenant), method: "POST" }));
    expect([result.status, result.body.error.code]).toEqual([409, "conflict"]);
  });
});

describe("billing permissions and tenant isolation", () => {
  let tenantA: TestTenant;
  let tenantB: TestTenant;
  let sessionA: string;
  let sessionB: string;

  beforeAll(async () => {
    [tenantA, tenantB] = await Promise.all([createTestTenant("Agency A"), createTestTenant("Agency B")]);
    [sessionA, sessionB] = await Promise.all([ownerSession(tenantA), ownerSession(tenantB)]);
    const started = await startCheckout(tenantB, sessionB, "agency");
    await payAndRunCron(started.body.url);
  });

  it.each([
    [["billing"], 200, 200],
    [["admin"], 200, 403],
    [["analyst"], 403, 403],
    [["viewer"], 403, 403],
  ] as const)("gives role %j: read %i, write %i", async (roles, read, write) => {
    const session = await ownerSession(tenantA, [...roles]);
    expect((await overview(tenantA, session)).status).toBe(read);
    expect((await startCheckout(tenantA, session, "starter")).status).toBe(write);
    const portalResult = await call(portal, tenantRequest(tenantA.subdomain, "/api/v1/billing/portal", { sessionToken: session, method: "POST" }));
    expect(portalResult.status).toBe(write === 200 ? 200 : 403);
  });

  it("never shows one tenant's billing to another", async () => {
    const ownB = await overview(tenantB, sessionB);
    expect(ownB.body).toMatchObject({ plan: { tier: "agency" }, invoices: [{ amountPaid: 39_900 }] });
    const ownA = await overview(tenantA, sessionA);
    expect(ownA.body).toMatchObject({ plan: { tier: "free" }, subscription: null, invoices: [], currentMrr: 0 });
    expect(JSON.stringify(ownA.body)).not.toContain(ownB.body.invoices[0]!.id);

    // A's credentials on B's host: a session minted for A, an API key of A.
    const crossSession = await overview(tenantB, sessionA);
    expect([crossSession.status, crossSession.body.error.code]).toEqual([401, "unauthorized"]);
    const ownerA = await createTestUser(tenantA.id);
    const key = await createApiKey(tenantA.id, ownerA.id, { name: "billing", role: "billing" });
    const crossKey = await call<ErrorBody>(billing, tenantRequest(tenantB.subdomain, "/api/v1/billing", { apiKey: key.key }));
    expect([crossKey.status, crossKey.body.error.code]).toEqual([401, "unauthorized"]);
    const crossCheckout = await call<ErrorBody>(checkout, tenantRequest(tenantB.subdomain, "/api/v1/billing/checkout", { apiKey: key.key, json: { planTier: "pro" } }));
    expect(crossCheckout.status).toBe(401);
    // A's own key works on A's host.
    expect((await call(billing, tenantRequest(tenantA.subdomain, "/api/v1/billing", { apiKey: key.key }))).status).toBe(200);
  });
});

describe("plan limits", () => {
  const newSite = (n: number) => ({ name: `Site ${n}`, domain: `site-${n}-${Math.random().toString(36).slice(2)}.example.com`, currency: "USD", timezone: "UTC" });

  it("refuses a site over the plan's limit with 403 plan_limit naming the limit, and allows it after an upgrade", async () => {
    const tenant = await createTestTenant();
    const session = await ownerSession(tenant);
    const create = (n: number) => call<ErrorBody>(createSite, tenantRequest(tenant.subdomain, "/api/v1/sites", { sessionToken: session, json: newSite(n) }));
    expect((await create(1)).status).toBe(201);
    expect((await create(2)).status).toBe(201);
    const refused = await create(3);
    expect([refused.status, refused.body.error.code]).toEqual([403, "plan_limit"]);
    expect(refused.body.error.message).toContain("Free plan allows 2 sites");
    expect(refused.body.error.details).toEqual([{ field: "sites", message: "Limit of the Free plan: 2 sites (you have 2)." }]);
    const [count] = await ownerQuery<{ n: string }>("SELECT count(*) AS n FROM sites WHERE tenant_id = $1", [tenant.id]);
    expect(count!.n).toBe("2");

    await payAndRunCron((await startCheckout(tenant, session, "starter")).body.url);
    expect((await create(3)).status).toBe(201);
  });

  it("lets concurrent creations at the limit through only up to the limit", async () => {
    const tenant = await createTestTenant();
    const session = await ownerSession(tenant);
    const results = await Promise.all(Array.from({ length: 6 }, (_, n) =>
      call(createSite, tenantRequest(tenant.subdomain, "/api/v1/sites", { sessionToken: session, json: newSite(n) }))));
    expect(results.map((result) => result.status).sort()).toEqual([201, 201, 403, 403, 403, 403]);
  });
});
