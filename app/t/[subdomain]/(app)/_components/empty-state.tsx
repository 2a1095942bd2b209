import Link from "next/link";

/** A new workspace has nothing to report yet: point at the two steps that produce numbers. */
export function EmptyState() {
  return (
    <div data-testid="dashboard-empty" className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
      <h2 className="font-semibold">No data yet</h2>
      <p className="mx-auto mt-1 max-w-xl text-sm text-slate-600">
        Add the websites you work on, then import their traffic, conversions and revenue to see cost, profit and ROI here.
        Integrations can also push metrics with an API key.
      </p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Link href="/sites" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
          Add your first site
        </Link>
        <Link href="/import" className="rounded-md border border-slate-300 px-4 py-2 text-sm font-semibold text-slate-700 hover:bg-slate-50">
          Import metrics
        </Link>
      </div>
    </div>
  );
}
