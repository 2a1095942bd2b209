import { decode } from "next-auth/jwt";
import { getConfig } from "@/lib/config";
import { getUser } from "@/lib/users";
import type { TenantContext } from "@/lib/tenants";
import type { UserPrincipal } from "./authenticate-user";
import { requestProtocol } from "@/lib/http/request-protocol";

/** next-auth v4's cookie name; the __Secure- prefix is used when the origin is https. */
export function sessionCookieName(isSecure: boolean): string {
  return isSecure ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

/** Whether the request reached us over https (the middleware sets x-forwarded-proto). */
export function isSecureRequest(headers: Headers): boolean {
  return requestProtocol(headers) === "https";
}

/**
 * The signed-in user of this tenant, from the session token (an encrypted JWT), or null. A session
 * minted on another tenant's host is rejected even if its cookie is replayed; the role mask is
 * re-read so that a removed or demoted member loses access at once, not when the token expires.
 */
export async function getSessionPrincipal(tenant: TenantContext, sessionToken: string | undefined): Promise<UserPrincipal | null> {
  if (!sessionToken) return null;
  const token = await decode({ token: sessionToken, secret: getConfig().NEXTAUTH_SECRET }).catch(() => null);
  if (!token?.sub || token.tenantId !== tenant.id) return null;
  const user = await getUser(tenant.id, token.sub);
  if (!user) return null;
  return { type: "user", userId: user.id, email: user.email, label: user.email, roleMask: user.roleMask };
}
