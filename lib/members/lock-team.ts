import { ROLE_BITS } from "@/lib/auth/roles";
import { lockTenantResource, type TenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { TeamActor } from "./team-actor";

export interface LockedTeam {
  ownerIds: string[];
  /** The actor's role as of now, inside the transaction (a concurrent change may have altered it). */
  actor: TeamActor;
}

/**
 * Takes the team's locks for the rest of the transaction: every change to members and invitations in
 * this tenant takes turns (plan limits, one open invitation per address), and the owner rows are
 * locked FOR UPDATE so two concurrent demotions or removals cannot both see "another owner remains"
 * — the second one re-reads the rows after the first commits. The actor's role is re-read here too.
 */
export async function lockTeam(db: TenantDb, actor: TeamActor): Promise<LockedTeam> {
  await lockTenantResource(db, "members");
  const owners = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM users
     WHERE tenant_id = app_current_tenant_id() AND (role_mask & ${ROLE_BITS.owner}) <> 0
     ORDER BY id FOR UPDATE`;
  if (actor.userId === null) return { ownerIds: owners.map((row) => row.id), actor };
  const current = await db.user.findFirst({ where: { id: actor.userId }, select: { roleMask: true } });
  // Removed a moment ago: the session is no longer a member's.
  if (!current) throw new AppError("unauthorized", "Sign in again.");
  return { ownerIds: owners.map((row) => row.id), actor: { userId: actor.userId, roleMask: current.roleMask } };
}
