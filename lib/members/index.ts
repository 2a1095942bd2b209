export { listMembers } from "./list-members";
export { changeMemberRole, type RoleChange } from "./change-member-role";
export { removeMember } from "./remove-member";
export { teamActorOf, type TeamActor } from "./team-actor";
export { lockTeam, type LockedTeam } from "./lock-team";
export { assignableRoles, memberActions, type MemberActions, invitationViolation, raisesPrivilege, removalViolation, roleChangeViolation, assertAllowed } from "./member-rules";
export { updateMemberSchema, memberIdSchema, type MemberView, type UpdateMember } from "./member-schemas";
