import { randomUUID } from "node:crypto";
import { headers as currentRequestHeaders } from "next/headers";
import { recordAuditEvent, requestContextOf } from "@/lib/audit";
import { getTenantBySubdomain, tenantSubdomainFromHeaders, type TenantContext } from "@/lib/tenants";

// Sign-in and sign-out in the audit log. next-auth's events carry no request, so a successful
// sign-in takes its tenant plan and client address from what authorize() saw (on the user object),
// and a sign-out reads the request's headers through next/headers.

/** What authorize() knew about the request, handed to the signIn event. */
export interface SignInAuditContext {
  planTier: string;
  ip: string;
  userAgent: string;
  requestId: string;
}

/** The request context for a sign-in attempt on this tenant's host. */
export function signInAuditContext(tenant: TenantContext, headers: Headers): SignInAuditContext {
  return { planTier: tenant.planTier, ...requestContextOf(headers, randomUUID()) };
}

/** A successful sign-in (next-auth `events.signIn`). */
export async function auditSignIn(user: { id: string; email?: string | null; tenantId: string; auditContext?: SignInAuditContext }): Promise<void> {
  const context = user.auditContext;
  await recordAuditEvent({
    tenantId: user.tenantId,
    planTier: context?.planTier ?? "free",
    action: "auth.sign_in_succeeded",
    actor: { type: "user", id: user.id, label: user.email ?? "" },
    targets: [{ type: "user", id: user.id }],
    context: context ?? {},
  });
}

/** A refused sign-in on a known tenant: the email tried and why, never the password. */
export async function auditSignInFailure(tenant: TenantContext, email: unknown, reason: string, context: SignInAuditContext): Promise<void> {
  const attempted = typeof email === "string" ? email.trim().toLowerCase().slice(0, 255) : "";
  await recordAuditEvent({
    tenantId: tenant.id,
    planTier: tenant.planTier,
    action: "auth.sign_in_failed",
    actor: { type: "user", id: "unknown", label: attempted },
    context,
    metadata: { email: attempted, reason },
  });
}

async function requestHeaders(): Promise<Headers> {
  try {
    return new Headers(await currentRequestHeaders());
  } catch {
    // Outside a request (scripts, tests): no address to record.
    return new Headers();
  }
}

/** A sign-out (next-auth `events.signOut`), from the session token being ended. */
export async function auditSignOut(token: { sub?: string; email?: string | null; tenantId?: string } | null | undefined): Promise<void> {
  // next-auth passes null when the cookie no longer decodes: nobody to record.
  if (!token?.sub || !token.tenantId) return;
  const headers = await requestHeaders();
  const subdomain = tenantSubdomainFromHeaders(headers);
  const tenant = subdomain ? await getTenantBySubdomain(subdomain).catch(() => null) : null;
  await recordAuditEvent({
    tenantId: token.tenantId,
    // The plan decides retention; without the request's tenant, keep it for the shortest period.
    planTier: tenant?.id === token.tenantId ? tenant.planTier : "free",
    action: "auth.signed_out",
    actor: { type: "user", id: token.sub, label: token.email ?? "" },
    targets: [{ type: "user", id: token.sub }],
    context: requestContextOf(headers, randomUUID()),
  });
}
