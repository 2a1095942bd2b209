import type { User } from "next-auth";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http";
import { getTenantBySubdomain, tenantSubdomainFromHeaders } from "@/lib/tenants";
import { auditSignInFailure, signInAuditContext } from "./audit-auth-events";
import { authenticateUser } from "./authenticate-user";

function toHeaders(raw: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw ?? {})) if (typeof value === "string") headers.set(name, value);
  return headers;
}

/**
 * The Credentials provider's check, within the tenant of the request's host. A refusal on a known
 * tenant is recorded in its audit log (the email tried, never the password); a success is recorded
 * by the signIn event once next-auth has issued the session.
 */
export async function authorizeCredentials(
  credentials: Record<string, string> | undefined,
  request: { headers?: Record<string, unknown> } | undefined,
): Promise<User | null> {
  const headers = toHeaders(request?.headers);
  const subdomain = tenantSubdomainFromHeaders(headers);
  const tenant = subdomain ? await getTenantBySubdomain(subdomain) : null;
  if (!tenant) return null;
  const auditContext = signInAuditContext(tenant, headers);
  try {
    const principal = await authenticateUser(tenant, credentials, clientIp(headers));
    if (!principal) {
      await auditSignInFailure(tenant, credentials?.email, "invalid_credentials", auditContext);
      return null;
    }
    return { id: principal.userId, email: principal.email, tenantId: tenant.id, roleMask: principal.roleMask, auditContext };
  } catch (error) {
    // next-auth passes an Error's message to the client as `error`; send only our stable code.
    if (error instanceof AppError) {
      await auditSignInFailure(tenant, credentials?.email, error.code, auditContext);
      throw new Error(error.code);
    }
    throw error;
  }
}
