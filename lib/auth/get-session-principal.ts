import { getServerSession } from "next-auth";
import { getUser } from "@/lib/users";
import type { TenantContext } from "@/lib/tenants";
import type { UserPrincipal } from "./authenticate-user";
import { getAuthOptions } from "./next-auth-options";

/**
 * The signed-in user of this tenant, or null. A session minted on another tenant's host is
 * rejected here even if its cookie is replayed; the role mask is re-read so that a removed or
 * demoted member loses access at once rather than when the token expires.
 */
export async function getSessionPrincipal(tenant: TenantContext): Promise<UserPrincipal | null> {
  const session = await getServerSession(getAuthOptions());
  if (!session?.userId || session.tenantId !== tenant.id) return null;
  const user = await getUser(tenant.id, session.userId);
  if (!user) return null;
  return { type: "user", userId: user.id, email: user.email, label: user.email, roleMask: user.roleMask };
}
