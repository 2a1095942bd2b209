import type { Metadata } from "next";
import { hasPermission } from "@/lib/auth/roles";
import { getBillingOverview } from "@/lib/billing/get-billing-overview";
import { PLANS, PLAN_TIERS } from "@/lib/plans/plans";
import { requireMember } from "../../_lib/load-tenant";
import { BillingActions } from "./billing-actions";

export const metadata: Metadata = { title: "Billing" };

const money = (cents: number, currency = "USD") => new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");

export default async function BillingPage({
  params,
  searchParams,
}: {
  params: Promise<{ subdomain: string }>;
  searchParams: Promise<{ checkout?: string }>;
}) {
  const { tenant, principal } = await requireMember((await params).subdomain);
  if (!hasPermission(principal.roleMask, "billing.read")) {
    return <p className="text-sm text-slate-600">Only owners, admins and billing members can see billing.</p>;
  }
  const [overview, { checkout }] = await Promise.all([getBillingOverview(tenant.id), searchParams]);
  const current = PLAN_TIERS.indexOf(overview.plan.tier as (typeof PLAN_TIERS)[number]);
  const upgrades = PLAN_TIERS.slice(current + 1).filter((tier) => !overview.subscription || overview.subscription.status === "canceled")
    .map((tier) => ({ tier, name: PLANS[tier].name, price: money(PLANS[tier].monthlyPriceCents) }));
  const subscription = overview.subscription;

  return (
    <div className="max-w-4xl space-y-6">
      <h1 className="text-2xl font-bold">Billing</h1>
      {checkout === "success" ? (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800">
          Payment received. Your plan updates as soon as Stripe confirms it (usually within a minute).
        </p>
      ) : null}
      {subscription?.status === "past_due" ? (
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="past-due-banner">
          Your last payment failed. Your plan stays active until {day(overview.entitlements.graceEndsAt)}; update your payment method.
        </p>
      ) : null}
      <section className="grid gap-4 sm:grid-cols-3">
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <p className="text-xs font-medium uppercase text-slate-500">Plan</p>
          <p className="mt-1 text-xl font-semibold" data-testid="billing-plan">{overview.plan.name}</p>
          <p className="text-sm text-slate-600">{money(overview.plan.monthlyPriceCents)}/month</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <p className="text-xs font-medium uppercase text-slate-500">Status</p>
          <p className="mt-1 text-xl font-semibold capitalize" data-testid="billing-status">{subscription?.status.replace("_", " ") ?? "free"}</p>
          <p className="text-sm text-slate-600">
            {subscription?.renewsAt ? `Renews ${day(subscription.renewsAt)}` : subscription?.endsAt ? `Ends ${day(subscription.endsAt)}` : "No subscription"}
          </p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <p className="text-xs font-medium uppercase text-slate-500">Usage</p>
          <p className="mt-1 text-xl font-semibold">{overview.entitlements.usage.sites} / {overview.plan.limits.sites} sites</p>
          <p className="text-sm text-slate-600">{overview.plan.limits.users} members · {overview.plan.limits.auditRetentionDays} days of audit history</p>
        </div>
      </section>
      <BillingActions upgradeTiers={upgrades} canManage={hasPermission(principal.roleMask, "billing.write")} hasBillingAccount={overview.hasBillingAccount} />
      <section>
        <h2 className="font-semibold">Invoices</h2>
        <table className="mt-2 w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm" data-testid="invoice-table">
          <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
            <tr><th className="p-3">Date</th><th className="p-3">Period</th><th className="p-3">Status</th><th className="p-3 text-right">Amount</th></tr>
          </thead>
          <tbody>
            {overview.invoices.length === 0 ? <tr><td colSpan={4} className="p-6 text-center text-slate-500">No invoices yet.</td></tr> : null}
            {overview.invoices.map((invoice) => (
              <tr key={invoice.id} className="border-t border-slate-100">
                <td className="p-3">{day(invoice.createdAt)}</td>
                <td className="p-3 text-slate-600">{day(invoice.periodStart)} – {day(invoice.periodEnd)}</td>
                <td className="p-3 capitalize">{invoice.status}</td>
                <td className="p-3 text-right">{money(invoice.status === "paid" ? invoice.amountPaid : invoice.amountDue, invoice.currency.toUpperCase())}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
