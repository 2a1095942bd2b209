import type { Metadata } from "next";
import Link from "next/link";
import { listAuditEvents, parseAuditPageQuery, verifyAuditChain, type AuditPage, type ChainVerification } from "@/lib/audit";
import { hasPermission } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { requireMember } from "../../_lib/load-tenant";

export const metadata: Metadata = { title: "Audit log" };

const FILTERS = ["action", "actorId", "targetType", "targetId", "from", "to"] as const;

function Badge({ verification }: { verification: ChainVerification | null }) {
  if (!verification) return <span className="rounded-full bg-slate-100 px-3 py-1 text-xs text-slate-600" data-testid="audit-badge">Verification unavailable</span>;
  return verification.ok ? (
    <span className="rounded-full bg-emerald-100 px-3 py-1 text-xs font-medium text-emerald-800" data-testid="audit-badge">
      Verified: {verification.checked} events, chain intact
    </span>
  ) : (
    <span className="rounded-full bg-red-100 px-3 py-1 text-xs font-medium text-red-800" data-testid="audit-badge">
      Broken at event #{verification.firstBrokenSeq}
    </span>
  );
}

export default async function AuditPageView({
  params,
  searchParams,
}: {
  params: Promise<{ subdomain: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, principal } = await requireMember((await params).subdomain);
  if (!hasPermission(principal.roleMask, "audit.read")) {
    return <p className="text-sm text-slate-600">Only owners and admins can read the audit log.</p>;
  }
  const raw = await searchParams;
  const query = new URLSearchParams();
  for (const name of [...FILTERS, "cursor"]) {
    const value = raw[name];
    if (typeof value === "string" && value) query.set(name, value);
  }
  let page: AuditPage | null = null;
  let error: string | null = null;
  try {
    page = await listAuditEvents(tenant.id, parseAuditPageQuery(query));
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    error = caught.details?.map((detail) => detail.message).join(" ") || caught.message;
  }
  const verification = await verifyAuditChain(tenant.id).catch(() => null);
  const filters = new URLSearchParams([...query].filter(([name]) => name !== "cursor"));
  const nextHref = page?.nextCursor ? `/audit?${new URLSearchParams([...filters, ["cursor", page.nextCursor]])}` : null;

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Audit log</h1>
          <p className="mt-1 text-sm text-slate-600">Every change in this workspace, chained by hash so that any edit or deletion shows.</p>
        </div>
        <Badge verification={verification} />
      </div>
      <form method="get" className="mt-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        {FILTERS.map((name) => (
          <label key={name} className="flex flex-col">
            <span className="font-medium text-slate-700">{name}</span>
            <input
              name={name}
              type={name === "from" || name === "to" ? "date" : "text"}
              defaultValue={typeof raw[name] === "string" ? (raw[name] as string) : ""}
              className="mt-1 rounded-md border border-slate-300 px-2 py-1.5"
            />
          </label>
        ))}
        <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-500">Filter</button>
        <a href={`/api/v1/audit-logs/export?${filters}`} className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100" download>
          Export CSV
        </a>
      </form>
      {error ? <p role="alert" className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-700">{error}</p> : null}
      <table className="mt-6 w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm" data-testid="audit-table">
        <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
          <tr><th className="p-3">When</th><th className="p-3">Actor</th><th className="p-3">Action</th><th className="p-3">Target</th><th className="p-3">IP</th><th className="p-3">#</th></tr>
        </thead>
        <tbody>
          {page?.data.length === 0 ? <tr><td colSpan={6} className="p-6 text-center text-slate-500">No events match.</td></tr> : null}
          {page?.data.map((event) => (
            <tr key={event.id} className="border-t border-slate-100 align-top" data-testid="audit-row">
              <td className="p-3 whitespace-nowrap text-slate-600">{new Date(event.occurredAt).toISOString().replace("T", " ").slice(0, 19)} UTC</td>
              <td className="p-3">{event.actor.label}<span className="block text-xs text-slate-500">{event.actor.type}</span></td>
              <td className="p-3 font-mono text-xs">{event.action}</td>
              <td className="p-3 text-xs text-slate-600">{event.targets.map((target) => `${target.type} ${target.id.slice(0, 8)}`).join(", ")}</td>
              <td className="p-3 text-xs text-slate-600">{event.context.ip}</td>
              <td className="p-3 text-xs text-slate-400">{event.seq}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {nextHref ? <Link href={nextHref} className="mt-4 inline-block text-sm text-indigo-600 hover:underline">Older events →</Link> : null}
    </div>
  );
}
