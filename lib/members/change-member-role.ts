import { ROLE_BITS, rolesOf, type Role } from "@/lib/auth/roles";
import { withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";
import { findMemberForUpdate } from "./find-member-for-update";
import { lockTeam } from "./lock-team";
import { assertAllowed, roleChangeViolation } from "./member-rules";
import { memberIdSchema, updateMemberSchema, type MemberView } from "./member-schemas";
import type { TeamActor } from "./team-actor";
import { toMemberView } from "./to-member-view";

export interface RoleChange {
  member: MemberView;
  before: Role[];
  after: Role[];
  isChanged: boolean;
}

const notFound = () => new AppError("not_found", "No such member.");

/**
 * Gives a member one role, under the team's rules (member-rules.ts). The rules are checked against
 * the rows as locked in this transaction, so concurrent changes cannot together break them.
 */
export async function changeMemberRole(tenantId: string, actor: TeamActor, memberId: string, input: unknown): Promise<RoleChange> {
  if (!memberIdSchema.safeParse(memberId).success) throw notFound();
  const { role } = parseInput(updateMemberSchema, input);
  const newMask = ROLE_BITS[role];
  return withTenantDb(tenantId, async (db) => {
    const team = await lockTeam(db, actor);
    const target = await findMemberForUpdate(db, memberId);
    if (!target) throw notFound();
    assertAllowed(roleChangeViolation(team.actor, target, newMask, team.ownerIds.length));
    const before = rolesOf(target.roleMask);
    if (target.roleMask === newMask) return { member: toMemberView(target), before, after: before, isChanged: false };
    await db.user.updateMany({ where: { id: target.id }, data: { roleMask: newMask } });
    const updated = { ...target, roleMask: newMask };
    return { member: toMemberView(updated), before, after: rolesOf(newMask), isChanged: true };
  });
}
