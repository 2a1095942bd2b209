import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { hasPermission } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { SERVICE_KINDS } from "@/lib/services/service-schemas";
import { getSite } from "@/lib/sites/get-site";
import { requireMember } from "../../../_lib/load-tenant";
import { NoAccess } from "../no-access";
import { SiteDetail } from "./site-detail";

export const metadata: Metadata = { title: "Site" };

export default async function SitePage({ params }: { params: Promise<{ subdomain: string; siteId: string }> }) {
  const { subdomain, siteId } = await params;
  const { tenant, principal } = await requireMember(subdomain);
  if (!hasPermission(principal.roleMask, "sites.read")) return <NoAccess title="Site" what="view sites" />;
  const site = await getSite(tenant.id, siteId).catch((error: unknown) => {
    // Unknown, malformed and other tenants' ids are all the same 404.
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <Link href="/sites" className="text-sm text-indigo-600 hover:underline">← Sites</Link>
        <h1 className="mt-1 text-2xl font-bold" data-testid="site-name">{site.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {site.domain} · {site.currency} · {site.timezone}
        </p>
      </div>
      <SiteDetail site={site} serviceKinds={[...SERVICE_KINDS]} canWrite={hasPermission(principal.roleMask, "sites.write")} />
    </div>
  );
}
