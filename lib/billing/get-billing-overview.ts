import { withTenantDb } from "@/lib/db";
import { PLANS } from "@/lib/plans/plans";
import { aggregateInvoicesByMonth, type MonthlyBillingAggregate } from "./aggregate-invoices-by-month";
import { LIVE_SUBSCRIPTION_STATUSES, resolveEntitlements, type Entitlements } from "./entitlements";

export interface BillingOverview {
  plan: { tier: string; name: string; monthlyPriceCents: number; limits: Entitlements["limits"] };
  entitlements: { basis: Entitlements["basis"]; graceEndsAt: string | null; usage: { sites: number } };
  subscription: {
    status: string;
    planTier: string;
    cancelAtPeriodEnd: boolean;
    currentPeriodStart: string | null;
    /** The next renewal, while the subscription renews. */
    renewsAt: string | null;
    /** When it ends (or ended): canceling at period end, canceled, or expired. */
    endsAt: string | null;
    trialEndsAt: string | null;
    pastDueSince: string | null;
  } | null;
  hasBillingAccount: boolean;
  /** Recurring revenue of the current plan per month, in cents (USD, the plans' currency). */
  currentMrr: number;
  invoices: {
    id: string;
    number: string | null;
    status: string;
    currency: string;
    amountDue: number;
    amountPaid: number;
    periodStart: string;
    periodEnd: string;
    createdAt: string;
    paidAt: string | null;
    hostedInvoiceUrl: string | null;
  }[];
  monthly: MonthlyBillingAggregate[];
}

const MONTHS = 12;
const INVOICES_SHOWN = 24;
const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Everything the tenant's billing page shows, read in one transaction of the tenant. */
export async function getBillingOverview(tenantId: string, now: Date = new Date()): Promise<BillingOverview> {
  const windowStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - MONTHS, 1));
  const { tenant, subscriptions, invoices, sites } = await withTenantDb(tenantId, async (db) => ({
    tenant: await db.tenant.findFirst({ where: { id: tenantId }, select: { stripeCustomerId: true } }),
    subscriptions: await db.subscription.findMany({ orderBy: { updatedAt: "desc" } }),
    invoices: await db.invoice.findMany({ where: { createdAt: { gte: windowStart } }, orderBy: { createdAt: "desc" }, take: 1_000 }),
    sites: await db.site.count(),
  }));
  const entitlements = resolveEntitlements(subscriptions, now);
  // The subscription to show: the one granting the plan, else the latest one (ended or failed).
  const current = entitlements.subscription ?? subscriptions[0] ?? null;
  const plan = PLANS[entitlements.planTier];
  const isLive = current !== null && (LIVE_SUBSCRIPTION_STATUSES as readonly string[]).includes(current.status);
  return {
    plan: { tier: plan.tier, name: plan.name, monthlyPriceCents: plan.monthlyPriceCents, limits: entitlements.limits },
    entitlements: { basis: entitlements.basis, graceEndsAt: iso(entitlements.graceEndsAt), usage: { sites } },
    subscription: current && {
      status: current.status,
      planTier: current.planTier,
      cancelAtPeriodEnd: current.cancelAtPeriodEnd,
      currentPeriodStart: iso(current.currentPeriodStart),
      renewsAt: isLive && !current.cancelAtPeriodEnd ? iso(current.expiresAt) : null,
      endsAt: !isLive || current.cancelAtPeriodEnd ? iso(current.expiresAt) : null,
      trialEndsAt: current.status === "trialing" ? iso(current.trialEnd) : null,
      pastDueSince: iso(current.pastDueSince),
    },
    hasBillingAccount: Boolean(tenant?.stripeCustomerId),
    currentMrr: entitlements.basis === "free" ? 0 : plan.monthlyPriceCents,
    invoices: invoices.slice(0, INVOICES_SHOWN).map((invoice) => ({
      id: invoice.stripeInvoiceId,
      number: invoice.number,
      status: invoice.status,
      currency: invoice.currency,
      amountDue: Number(invoice.amountDue),
      amountPaid: Number(invoice.amountPaid),
      periodStart: invoice.periodStart.toISOString(),
      periodEnd: invoice.periodEnd.toISOString(),
      createdAt: invoice.createdAt.toISOString(),
      paidAt: iso(invoice.paidAt),
      hostedInvoiceUrl: invoice.hostedInvoiceUrl,
    })),
    monthly: aggregateInvoicesByMonth(invoices, now, MONTHS),
  };
}
