import { describe, expect, it } from "vitest";
import { POST as checkout } from "@/app/api/v1/billing/checkout/route";
import { resolveEntitlements, type SubscriptionStanding } from "@/lib/billing/entitlements";
import { getPrisma, withTenantDb } from "@/lib/db";
import { createTestTenant, createTestUser } from "../helpers/factories";
import { ownerQuery } from "../helpers/owner-sql";
import { call, mintSessionToken, tenantRequest } from "../helpers/requests";

// Stripe is unreachable for this file (a closed port); read lazily, so set before the first call.
process.env.STRIPE_API_BASE = "http://127.0.0.1:9";

// The tenant resolver (SQL, the plan a request's tenant context carries) and lib/billing/entitlements
// (what limits are enforced with) must agree on every standing a subscription can be in.

const DAY = 24 * 3600 * 1000;
const now = Date.now();
const at = (offsetDays: number) => new Date(now + offsetDays * DAY);

const CASES: { name: string; subscriptions: (SubscriptionStanding & { stripeSubId: string })[] }[] = [
  { name: "none", subscriptions: [] },
  ...["active", "trialing", "past_due", "canceled", "unpaid", "expired", "incomplete", "paused"].map((status) => ({
    name: status, subscriptions: [{ stripeSubId: "sub_a", status, planTier: "pro", expiresAt: at(20), pastDueSince: status === "past_due" ? at(-1) : null }],
  })),
  { name: "past_due beyond the grace period", subscriptions: [{ stripeSubId: "sub_a", status: "past_due", planTier: "pro", expiresAt: at(20), pastDueSince: at(-8) }] },
  { name: "past_due with no start recorded", subscriptions: [{ stripeSubId: "sub_a", status: "past_due", planTier: "agency", expiresAt: at(20), pastDueSince: null }] },
  { name: "active, lapsed two days ago", subscriptions: [{ stripeSubId: "sub_a", status: "active", planTier: "pro", expiresAt: at(-2), pastDueSince: null }] },
  { name: "active, period ended an hour ago", subscriptions: [{ stripeSubId: "sub_a", status: "active", planTier: "pro", expiresAt: at(-1 / 24), pastDueSince: null }] },
  {
    name: "a canceled one and a newer active one",
    subscriptions: [
      { stripeSubId: "sub_a", status: "canceled", planTier: "agency", expiresAt: at(40), pastDueSince: null },
      { stripeSubId: "sub_b", status: "active", planTier: "starter", expiresAt: at(10), pastDueSince: null },
    ],
  },
  {
    name: "two live ones",
    subscriptions: [
      { stripeSubId: "sub_a", status: "active", planTier: "starter", expiresAt: at(10), pastDueSince: null },
      { stripeSubId: "sub_b", status: "trialing", planTier: "agency", expiresAt: at(30), pastDueSince: null },
    ],
  },
];

describe("the tenant resolver's plan and the enforced entitlements", () => {
  it.each(CASES)("agree for $name", async ({ subscriptions }) => {
    const tenant = await createTestTenant();
    if (subscriptions.length > 0) {
      await withTenantDb(tenant.id, (db) => db.subscription.createMany({ data: subscriptions.map((row) => ({ tenantId: tenant.id, ...row })) }));
    }
    const rows = await getPrisma().$queryRaw<{ plan_tier: string }[]>`SELECT plan_tier FROM app_resolve_tenant(${tenant.subdomain})`;
    expect(rows[0]!.plan_tier).toBe(resolveEntitlements(subscriptions, new Date()).planTier);
  });
});

describe("POST /api/v1/billing/checkout while Stripe is unreachable", () => {
  it("answers 503 so the user can retry, and stores nothing", async () => {
    const tenant = await createTestTenant();
    const session = await mintSessionToken(await createTestUser(tenant.id));
    const result = await call<{ error: { code: string } }>(checkout, tenantRequest(tenant.subdomain, "/api/v1/billing/checkout", { sessionToken: session, json: { planTier: "pro" } }));
    expect([result.status, result.body.error.code]).toEqual([503, "service_unavailable"]);
    expect(await ownerQuery("SELECT stripe_customer_id FROM tenants WHERE id = $1", [tenant.id])).toEqual([{ stripe_customer_id: null }]);
  });
});
