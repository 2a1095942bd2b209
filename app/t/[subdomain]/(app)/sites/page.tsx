import type { Metadata } from "next";
import Link from "next/link";
import { hasPermission } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { listSites } from "@/lib/sites/list-sites";
import { requireMember } from "../../_lib/load-tenant";
import { CreateSiteForm } from "./create-site-form";
import { NoAccess } from "./no-access";
import { supportedTimeZones } from "./site-options";
import { SitesTable } from "./sites-table";

export const metadata: Metadata = { title: "Sites" };

const PAGE_SIZE = 50;

interface Props {
  params: Promise<{ subdomain: string }>;
  searchParams: Promise<{ cursor?: string | string[] }>;
}

export default async function SitesPage({ params, searchParams }: Props) {
  const { tenant, principal } = await requireMember((await params).subdomain);
  if (!hasPermission(principal.roleMask, "sites.read")) return <NoAccess title="Sites" what="view sites" />;
  const { cursor } = await searchParams;
  const page = await listSites(tenant.id, { limit: PAGE_SIZE, cursor: typeof cursor === "string" ? cursor : undefined }).catch((error: unknown) => {
    // A stale or hand-edited cursor is not worth an error page: start from the first page.
    if (error instanceof AppError && error.code === "validation_failed") return listSites(tenant.id, { limit: PAGE_SIZE });
    throw error;
  });
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Sites</h1>
        <p className="mt-1 text-sm text-slate-600">The websites this workspace works on: their services, costs and the work delivered.</p>
      </div>
      <SitesTable sites={page.data} />
      {cursor || page.nextCursor ? (
        <nav className="flex gap-4 text-sm" aria-label="Pages">
          {cursor ? <Link href="/sites" className="text-indigo-600 hover:underline">First page</Link> : null}
          {page.nextCursor ? (
            <Link href={`/sites?cursor=${encodeURIComponent(page.nextCursor)}`} className="text-indigo-600 hover:underline">Next page</Link>
          ) : null}
        </nav>
      ) : null}
      {hasPermission(principal.roleMask, "sites.write") ? <CreateSiteForm timeZones={supportedTimeZones()} /> : null}
    </div>
  );
}
