import type { Metadata } from "next";
import { requireMember } from "../_lib/load-tenant";

export const metadata: Metadata = { title: "Dashboard" };

const KPIS = ["Revenue", "Cost", "Profit", "ROI", "Sessions", "Conversions"];

export default async function DashboardPage({ params }: { params: Promise<{ subdomain: string }> }) {
  const { tenant } = await requireMember((await params).subdomain);
  return (
    <div>
      <h1 className="text-2xl font-bold">Dashboard</h1>
      <p className="mt-1 text-sm text-slate-600">Return on investment across {tenant.name}&apos;s sites.</p>
      <div className="mt-6 grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
        {KPIS.map((kpi) => (
          <div key={kpi} className="rounded-lg border border-slate-200 bg-white p-4">
            <p className="text-xs font-medium uppercase text-slate-500">{kpi}</p>
            <p className="mt-2 text-xl font-semibold text-slate-400">—</p>
          </div>
        ))}
      </div>
      <div className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
        <h2 className="font-semibold">No data yet</h2>
        <p className="mt-1 text-sm text-slate-600">
          Add your sites and import metrics to see revenue, cost and ROI here. Integrations can push metrics with an API key.
        </p>
      </div>
    </div>
  );
}
