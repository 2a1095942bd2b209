import { getTenantBySubdomain, tenantSubdomainFromHeaders } from "@/lib/tenants";

/**
 * next-auth's session endpoint answers for any token its secret signed. A session only exists on its
 * own tenant's host: a token of tenant A replayed on B's host must read as signed out there, like
 * every API route and page already treats it. An empty session has nothing to hide.
 */
export async function isSessionOfHost(headers: Headers, session: unknown): Promise<boolean> {
  const tenantId = session !== null && typeof session === "object" ? (session as { tenantId?: unknown }).tenantId : undefined;
  if (tenantId === undefined) return true;
  const subdomain = tenantSubdomainFromHeaders(headers);
  const tenant = subdomain ? await getTenantBySubdomain(subdomain) : null;
  return tenant !== null && tenant.id === tenantId;
}
