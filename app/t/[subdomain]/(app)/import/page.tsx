import type { Metadata } from "next";
import Link from "next/link";
import { hasPermission } from "@/lib/auth/roles";
import { listSites } from "@/lib/sites/list-sites";
import type { SiteView } from "@/lib/sites/site-types";
import { requireMember } from "../../_lib/load-tenant";
import { NoAccess } from "../sites/no-access";
import { MetricsImport } from "./metrics-import";

export const metadata: Metadata = { title: "Import metrics" };

// The site picker lists every site; the largest plan allows 500, so this bound is never reached.
const MAX_SITE_PAGES = 25;

async function listAllSites(tenantId: string): Promise<SiteView[]> {
  const sites: SiteView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_SITE_PAGES; page++) {
    const result = await listSites(tenantId, { limit: 200, cursor });
    sites.push(...result.data);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return sites.sort((a, b) => a.name.localeCompare(b.name));
}

export default async function ImportPage({ params }: { params: Promise<{ subdomain: string }> }) {
  const { tenant, principal } = await requireMember((await params).subdomain);
  if (!hasPermission(principal.roleMask, "metrics.write")) return <NoAccess title="Import metrics" what="import metrics" />;
  const sites = await listAllSites(tenant.id);
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Import metrics</h1>
        <p className="mt-1 text-sm text-slate-600">
          Daily sessions, conversions and revenue from Google Analytics 4, clicks, impressions and position from Search Console. Importing
          the same days again updates them; nothing is counted twice.
        </p>
      </div>
      {sites.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
          Metrics belong to a site. <Link href="/sites" className="text-indigo-600 hover:underline">Add a site</Link> first.
        </p>
      ) : (
        <MetricsImport sites={sites} />
      )}
    </div>
  );
}
