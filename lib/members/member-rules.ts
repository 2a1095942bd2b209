import { AppError } from "@/lib/errors";
import { ROLE_BITS, ROLES, grantsBeyond, type Role } from "@/lib/auth/roles";
import type { TeamActor } from "./team-actor";

// The team's rules in one place, pure, so the API enforces them and the team page explains them
// with the same words:
//  - a workspace always keeps an owner: the last owner can be neither demoted nor removed;
//  - nobody raises their own role (a new role with any permission the current one lacks);
//  - only an owner grants or takes away the owner role, or changes or removes an owner;
//  - nobody grants (to a member or an invitation) a permission their own role does not have;
//  - admins (and admin API keys) manage everyone else; nobody removes themselves here.

export interface TeamRuleViolation {
  code: "forbidden" | "conflict";
  message: string;
}

interface MemberFacts {
  id: string;
  roleMask: number;
}

const isOwner = (mask: number) => (mask & ROLE_BITS.owner) !== 0;

/** True if `after` allows anything `before` does not. */
export function raisesPrivilege(before: number, after: number): boolean {
  return grantsBeyond(before, after);
}

const BEYOND_OWN_ROLE: TeamRuleViolation = {
  code: "forbidden",
  message: "You cannot grant permissions your own role does not have.",
};

const LAST_OWNER: TeamRuleViolation = {
  code: "conflict",
  message: "A workspace needs an owner. Make another member an owner first.",
};

/** Why the actor may not give the member `newMask`, or null when they may. */
export function roleChangeViolation(actor: TeamActor, target: MemberFacts, newMask: number, ownerCount: number): TeamRuleViolation | null {
  const isSelf = actor.userId === target.id;
  if (isSelf && raisesPrivilege(target.roleMask, newMask)) {
    return { code: "forbidden", message: "You cannot raise your own role." };
  }
  if ((isOwner(target.roleMask) || isOwner(newMask)) && !isOwner(actor.roleMask)) {
    return { code: "forbidden", message: "Only an owner can change an owner or grant the owner role." };
  }
  if (grantsBeyond(actor.roleMask, newMask)) return BEYOND_OWN_ROLE;
  if (isOwner(target.roleMask) && !isOwner(newMask) && ownerCount <= 1) return LAST_OWNER;
  return null;
}

/** Why the actor may not remove the member, or null when they may. */
export function removalViolation(actor: TeamActor, target: MemberFacts, ownerCount: number): TeamRuleViolation | null {
  if (isOwner(target.roleMask) && !isOwner(actor.roleMask)) {
    return { code: "forbidden", message: "Only an owner can remove an owner." };
  }
  if (isOwner(target.roleMask) && ownerCount <= 1) return LAST_OWNER;
  if (actor.userId === target.id) {
    return { code: "forbidden", message: "You cannot remove yourself. Ask another owner or admin." };
  }
  return null;
}

/** Why the actor may not invite with (or resend, or revoke an invitation of) this role, or null. */
export function invitationViolation(actor: TeamActor, roleMask: number): TeamRuleViolation | null {
  if (isOwner(roleMask) && !isOwner(actor.roleMask)) {
    return { code: "forbidden", message: "Only an owner can invite an owner." };
  }
  if (grantsBeyond(actor.roleMask, roleMask)) return BEYOND_OWN_ROLE;
  return null;
}

/** The roles the actor may set for this member (its current role included), for the role picker. */
export function assignableRoles(actor: TeamActor, target: MemberFacts, ownerCount: number): Role[] {
  return ROLES.filter((role) => ROLE_BITS[role] === target.roleMask || !roleChangeViolation(actor, target, ROLE_BITS[role], ownerCount));
}

export interface MemberActions {
  /** Roles the actor may set for the member (the current one included). */
  roleOptions: Role[];
  /** Why the role cannot be changed at all, when it cannot. */
  roleLockedReason: string | null;
  /** Why the member cannot be removed, when they cannot. */
  removeBlockedReason: string | null;
}

/** What the actor may do to the member, and in the rules' words why not: what the team page offers. */
export function memberActions(actor: TeamActor, target: MemberFacts, ownerCount: number): MemberActions {
  const roleOptions = assignableRoles(actor, target, ownerCount);
  const refused = ROLES.find((role) => ROLE_BITS[role] !== target.roleMask && !roleOptions.includes(role));
  const isLocked = roleOptions.length <= 1 && refused !== undefined;
  return {
    roleOptions,
    roleLockedReason: isLocked ? (roleChangeViolation(actor, target, ROLE_BITS[refused], ownerCount)?.message ?? null) : null,
    removeBlockedReason: removalViolation(actor, target, ownerCount)?.message ?? null,
  };
}

/** Throws the violation as the API error. */
export function assertAllowed(violation: TeamRuleViolation | null): void {
  if (violation) throw new AppError(violation.code, violation.message);
}
