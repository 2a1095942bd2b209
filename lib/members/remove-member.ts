import { withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { findMemberForUpdate } from "./find-member-for-update";
import { lockTeam } from "./lock-team";
import { assertAllowed, removalViolation } from "./member-rules";
import { memberIdSchema, type MemberView } from "./member-schemas";
import type { TeamActor } from "./team-actor";
import { toMemberView } from "./to-member-view";

/**
 * Removes a member from the workspace. Their sessions stop working on the next request (the role is
 * re-read on every request); API keys and invitations they created stay, without their name.
 */
export async function removeMember(tenantId: string, actor: TeamActor, memberId: string): Promise<MemberView> {
  if (!memberIdSchema.safeParse(memberId).success) throw new AppError("not_found", "No such member.");
  return withTenantDb(tenantId, async (db) => {
    const team = await lockTeam(db, actor);
    const target = await findMemberForUpdate(db, memberId);
    if (!target) throw new AppError("not_found", "No such member.");
    assertAllowed(removalViolation(team.actor, target, team.ownerIds.length));
    await db.user.deleteMany({ where: { id: target.id } });
    return toMemberView(target);
  });
}
