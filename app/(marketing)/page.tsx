import Link from "next/link";
import { PLANS, PLAN_TIERS } from "@/lib/plans/plans";

const FEATURES = [
  { title: "Every site, every service", text: "Track the websites you work on, the SEO services you deliver and what each costs, month by month." },
  { title: "Traffic to revenue", text: "Import sessions, conversions and revenue from GA4 and Search Console, or push them through the API." },
  { title: "ROI your clients believe", text: "Return on investment as numbers and charts, with the work you did drawn next to what happened." },
  { title: "A tamper-evident record", text: "Every change is written to an audit log whose hash chain shows any edit or deletion." },
];

function formatPrice(cents: number): string {
  return cents === 0 ? "$0" : `$${(cents / 100).toFixed(0)}`;
}

export default function LandingPage() {
  return (
    <main>
      <section className="mx-auto max-w-6xl px-6 py-20 text-center">
        <h1 className="text-4xl font-extrabold tracking-tight sm:text-5xl">
          Prove what your SEO <span className="text-indigo-600">earns</span>.
        </h1>
        <p className="mx-auto mt-6 max-w-2xl text-lg text-slate-600">
          ROI Spectrum gives your agency a workspace of its own where costs, traffic, conversions and revenue meet —
          and turn into the return on investment your clients ask about.
        </p>
        <div className="mt-10 flex justify-center gap-4">
          <Link href="/signup" className="rounded-md bg-indigo-600 px-6 py-3 font-semibold text-white hover:bg-indigo-500">
            Create your workspace
          </Link>
          <Link href="#pricing" className="rounded-md border border-slate-300 bg-white px-6 py-3 font-semibold hover:bg-slate-100">
            See pricing
          </Link>
        </div>
      </section>

      <section className="mx-auto grid max-w-6xl gap-6 px-6 pb-16 sm:grid-cols-2 lg:grid-cols-4">
        {FEATURES.map((feature) => (
          <div key={feature.title} className="rounded-lg border border-slate-200 bg-white p-6">
            <h2 className="font-semibold">{feature.title}</h2>
            <p className="mt-2 text-sm text-slate-600">{feature.text}</p>
          </div>
        ))}
      </section>

      <section id="pricing" className="bg-white py-16">
        <div className="mx-auto max-w-6xl px-6">
          <h2 className="text-center text-3xl font-bold">Pricing</h2>
          <p className="mt-2 text-center text-slate-600">Start free. Upgrade when your client list grows.</p>
          <div className="mt-10 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
            {PLAN_TIERS.map((tier) => {
              const plan = PLANS[tier];
              return (
                <div key={tier} className="flex flex-col rounded-lg border border-slate-200 p-6" data-testid={`plan-${tier}`}>
                  <h3 className="text-lg font-semibold">{plan.name}</h3>
                  <p className="mt-1 text-sm text-slate-600">{plan.summary}</p>
                  <p className="mt-4 text-3xl font-bold">
                    {formatPrice(plan.monthlyPriceCents)}<span className="text-base font-normal text-slate-500">/month</span>
                  </p>
                  <ul className="mt-4 flex-1 space-y-1 text-sm text-slate-700">
                    <li>{plan.limits.sites} sites</li>
                    <li>{plan.limits.users} team members</li>
                    <li>{plan.limits.auditRetentionDays} days of audit history</li>
                    <li>{plan.limits.apiRequestsPerMinute.toLocaleString("en-US")} API requests/minute</li>
                  </ul>
                  <Link href="/signup" className="mt-6 rounded-md bg-slate-900 px-4 py-2 text-center text-sm font-medium text-white hover:bg-slate-700">
                    Start with {plan.name}
                  </Link>
                </div>
              );
            })}
          </div>
        </div>
      </section>
    </main>
  );
}
