"use client";

import { useState } from "react";

interface Props {
  upgradeTiers: { tier: string; name: string; price: string }[];
  canManage: boolean;
  hasBillingAccount: boolean;
}

/** Upgrade (→ Stripe Checkout) and manage (→ Stripe's portal) buttons; both redirect the browser. */
export function BillingActions({ upgradeTiers, canManage, hasBillingAccount }: Props) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();

  async function go(path: string, body: unknown, label: string) {
    setBusy(label);
    setError(undefined);
    const response = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = (await response.json().catch(() => ({}))) as { url?: string; error?: { message?: string } };
    if (response.ok && json.url) return window.location.assign(json.url);
    setError(json.error?.message ?? "Billing is unavailable right now; try again shortly.");
    setBusy(undefined);
  }

  if (!canManage) return <p className="text-sm text-slate-600">Only the owner or a billing member can change the plan.</p>;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-3">
        {upgradeTiers.map((plan) => (
          <button
            key={plan.tier}
            type="button"
            disabled={busy !== undefined}
            onClick={() => go("/api/v1/billing/checkout", { planTier: plan.tier }, plan.tier)}
            className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
          >
            {busy === plan.tier ? "Opening checkout…" : `Upgrade to ${plan.name} (${plan.price}/month)`}
          </button>
        ))}
        {hasBillingAccount ? (
          <button
            type="button"
            disabled={busy !== undefined}
            onClick={() => go("/api/v1/billing/portal", {}, "portal")}
            className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
          >
            {busy === "portal" ? "Opening…" : "Manage subscription"}
          </button>
        ) : null}
      </div>
      {error ? <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
