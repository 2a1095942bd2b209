import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { API_KEY_ROLES, listApiKeys } from "@/lib/api-keys";
import { hasPermission } from "@/lib/auth/roles";
import { requireMember } from "../../_lib/load-tenant";
import { ApiKeysManager } from "./api-keys-manager";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ subdomain: string }> }) {
  const { tenant, principal } = await requireMember((await params).subdomain);
  if (!hasPermission(principal.roleMask, "api_keys.read")) notFound();
  const keys = await listApiKeys(tenant.id);
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-bold">API keys</h1>
      <p className="mt-1 text-sm text-slate-600">
        Integrations call <code className="rounded bg-slate-100 px-1">/api/v1/…</code> on this workspace&apos;s address with{" "}
        <code className="rounded bg-slate-100 px-1">Authorization: Bearer rs_…</code>. A key works only here.
      </p>
      <ApiKeysManager initialKeys={keys} roles={[...API_KEY_ROLES]} canWrite={hasPermission(principal.roleMask, "api_keys.write")} />
    </div>
  );
}
