import { cache } from "react";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getSessionPrincipal, isSecureRequest, sessionCookieName } from "@/lib/auth/get-session-principal";
import { getTenantBySubdomain, tenantSubdomainFromHeaders } from "@/lib/tenants";

/** The tenant of this page, or the 404 page. The path segment must agree with the request's host. */
export const loadTenant = cache(async (subdomain: string) => {
  if (tenantSubdomainFromHeaders(await headers()) !== subdomain) notFound();
  const tenant = await getTenantBySubdomain(subdomain);
  if (!tenant) notFound();
  return tenant;
});

/** The tenant and its signed-in member; anyone else is sent to the sign-in page. */
export const requireMember = cache(async (subdomain: string) => {
  const tenant = await loadTenant(subdomain);
  const principal = await readPrincipal(tenant);
  if (!principal) redirect("/signin");
  return { tenant, principal };
});

/** The signed-in member of this tenant from the request's session cookie, or null. */
export async function readPrincipal(tenant: Awaited<ReturnType<typeof loadTenant>>) {
  const cookie = (await cookies()).get(sessionCookieName(isSecureRequest(await headers())));
  return getSessionPrincipal(tenant, cookie?.value);
}
