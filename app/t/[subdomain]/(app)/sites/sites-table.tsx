import Link from "next/link";
import type { SiteView } from "@/lib/sites/site-types";

export function SitesTable({ sites }: { sites: SiteView[] }) {
  return (
    <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
      <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
        <tr><th className="p-3">Name</th><th className="p-3">Domain</th><th className="p-3">Currency</th><th className="p-3">Time zone</th><th className="p-3">Added</th></tr>
      </thead>
      <tbody>
        {sites.length === 0 ? (
          <tr><td colSpan={5} className="p-6 text-center text-slate-500">No sites yet. Add the first one below.</td></tr>
        ) : null}
        {sites.map((site) => (
          <tr key={site.id} className="border-t border-slate-100" data-testid="site-row">
            <td className="p-3">
              <Link href={`/sites/${site.id}`} className="font-medium text-indigo-600 hover:underline">{site.name}</Link>
            </td>
            <td className="p-3">{site.domain}</td>
            <td className="p-3">{site.currency}</td>
            <td className="p-3 text-slate-600">{site.timezone}</td>
            <td className="p-3 text-slate-500">{site.createdAt.slice(0, 10)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
