import { describe, expect, it } from "vitest";
import { isCronAuthorized } from "@/lib/api/with-cron";
import { aggregateInvoicesByMonth, type InvoiceFigures } from "@/lib/billing/aggregate-invoices-by-month";
import { resolveEntitlements, type SubscriptionStanding } from "@/lib/billing/entitlements";
import { stripeApiBaseOptions } from "@/lib/billing/stripe-client";

const NOW = new Date("2026-11-29T12:00:00Z");
const DAY = 24 * 3600 * 1000;
const at = (offsetDays: number) => new Date(NOW.getTime() + offsetDays * DAY);
const sub = (fields: Partial<SubscriptionStanding>): SubscriptionStanding => ({ status: "active", planTier: "pro", expiresAt: at(20), pastDueSince: null, ...fields });

describe("entitlements", () => {
  it("gives trialing and active subscriptions their plan's limits", () => {
    for (const status of ["active", "trialing"]) {
      expect(resolveEntitlements([sub({ status })], NOW)).toMatchObject({ planTier: "pro", basis: "subscription", limits: { sites: 50 } });
    }
  });

  it("keeps a past-due subscription's plan for a 7-day grace period, then falls back to free", () => {
    const inGrace = resolveEntitlements([sub({ status: "past_due", pastDueSince: at(-6.9) })], NOW);
    expect(inGrace).toMatchObject({ planTier: "pro", basis: "grace", graceEndsAt: at(0.1) });
    expect(resolveEntitlements([sub({ status: "past_due", pastDueSince: at(-7) })], NOW)).toMatchObject({ planTier: "free", basis: "free" });
  });

  it.each(["canceled", "unpaid", "expired", "incomplete", "incomplete_expired", "paused"])("gives a %s subscription the free plan", (status) => {
    expect(resolveEntitlements([sub({ status })], NOW)).toMatchObject({ planTier: "free", limits: { sites: 2 }, basis: "free", subscription: null });
  });

  it("gives a tenant without subscriptions the free plan", () => {
    expect(resolveEntitlements([], NOW)).toMatchObject({ planTier: "free", basis: "free" });
  });

  it("stops entitling a live subscription a day after its period ended without renewal", () => {
    expect(resolveEntitlements([sub({ expiresAt: at(-0.9) })], NOW).planTier).toBe("pro");
    expect(resolveEntitlements([sub({ expiresAt: at(-1) })], NOW).planTier).toBe("free");
  });

  it("takes the entitling subscription that runs longest", () => {
    const subscriptions = [sub({ planTier: "starter", expiresAt: at(40) }), sub({ status: "canceled", planTier: "agency" }), sub({ planTier: "pro", expiresAt: at(10) })];
    expect(resolveEntitlements(subscriptions, NOW).planTier).toBe("starter");
  });
});

describe("monthly billing aggregates", () => {
  const invoice = (fields: Partial<InvoiceFigures>): InvoiceFigures => ({
    currency: "USD", status: "paid", amountDue: 4_900n, amountPaid: 4_900n,
    periodStart: new Date("2026-11-01T00:00:00Z"), periodEnd: new Date("2026-12-01T00:00:00Z"),
    paidAt: new Date("2026-11-01T00:00:05Z"), paymentFailedAt: null, ...fields,
  });

  it("sums paid and unrecovered failed amounts per month and currency, and normalises yearly invoices to MRR", () => {
    const rows = aggregateInvoicesByMonth([
      invoice({}),
      invoice({ amountDue: 120_000n, amountPaid: 120_000n, periodEnd: new Date("2027-11-01T00:00:00Z"), paidAt: new Date("2026-11-15T00:00:00Z") }),
      invoice({ status: "open", amountPaid: 0n, paidAt: null, paymentFailedAt: new Date("2026-10-02T00:00:00Z") }),
      invoice({ status: "paid", paidAt: new Date("2026-10-09T00:00:00Z"), paymentFailedAt: new Date("2026-10-03T00:00:00Z") }),
      invoice({ currency: "EUR", amountDue: 3_000n, amountPaid: 3_000n, paidAt: new Date("2026-09-30T23:59:59Z") }),
    ], NOW, 3);
    expect(rows).toEqual([
      { month: "2026-09", currency: "EUR", paid: 3_000, failed: 0, mrr: 3_000 },
      { month: "2026-09", currency: "USD", paid: 0, failed: 0, mrr: 0 },
      { month: "2026-10", currency: "EUR", paid: 0, failed: 0, mrr: 0 },
      { month: "2026-10", currency: "USD", paid: 4_900, failed: 4_900, mrr: 4_900 },
      { month: "2026-11", currency: "EUR", paid: 0, failed: 0, mrr: 0 },
      { month: "2026-11", currency: "USD", paid: 124_900, failed: 0, mrr: 14_900 },
    ]);
  });

  it("is empty for a tenant that was never invoiced", () => {
    expect(aggregateInvoicesByMonth([], NOW)).toEqual([]);
  });
});

describe("cron authorization", () => {
  const secret = "cron-secret-0123456789";

  it("accepts only Bearer and the exact secret", () => {
    expect(isCronAuthorized(`Bearer ${secret}`, secret)).toBe(true);
    for (const header of [null, "", secret, `Basic ${secret}`, `Bearer ${secret}x`, `Bearer ${secret.slice(0, -1)}`, "Bearer ", `bearer  ${secret}`]) {
      expect(isCronAuthorized(header, secret), String(header)).toBe(false);
    }
  });

  it("fails closed when no secret is configured", () => {
    expect(isCronAuthorized("Bearer x", "")).toBe(false);
  });
});

describe("Stripe API base", () => {
  it("turns STRIPE_API_BASE into the SDK's connection options, and nothing for Stripe itself", () => {
    expect(stripeApiBaseOptions("http://127.0.0.1:12111")).toEqual({ host: "127.0.0.1", port: 12111, protocol: "http" });
    expect(stripeApiBaseOptions("https://stripe.internal")).toEqual({ host: "stripe.internal", port: 443, protocol: "https" });
    expect(stripeApiBaseOptions("http://[::1]:8080")).toEqual({ host: "::1", port: 8080, protocol: "http" });
    expect(stripeApiBaseOptions(undefined)).toEqual({});
  });
});
