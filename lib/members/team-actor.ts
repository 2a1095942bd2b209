import type { ApiKeyPrincipal } from "@/lib/api-keys";
import type { UserPrincipal } from "@/lib/auth/authenticate-user";

/** Who changes the team: a signed-in member (userId) or an API key (no user, never an owner). */
export interface TeamActor {
  userId: string | null;
  roleMask: number;
}

export function teamActorOf(principal: UserPrincipal | ApiKeyPrincipal): TeamActor {
  return { userId: principal.type === "user" ? principal.userId : null, roleMask: principal.roleMask };
}
