import { randomUUID } from "node:crypto";
import { ROLE_BITS } from "@/lib/auth/roles";
import { getConfig } from "@/lib/config";
import { isUniqueViolation, withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertAllowed, invitationViolation, lockTeam, type TeamActor } from "@/lib/members";
import { parseInput } from "@/lib/validation/parse-input";
import { enforceMemberLimit } from "./enforce-member-limit";
import { invitationExpiry } from "./invitation-expiry";
import { createInvitationSchema, type InvitationView } from "./invitation-schemas";
import { hashInvitationToken, signInvitationToken } from "./invitation-token";
import { toInvitationView } from "./to-invitation-view";

export interface IssuedInvitation {
  invitation: InvitationView;
  /** The signed token for the email; it exists nowhere else. */
  token: string;
}

function alreadyInvited(): AppError {
  return new AppError("conflict", "This address already has an open invitation. Resend it instead.", [
    { field: "email", message: "Already invited." },
  ]);
}

/**
 * Invites an address with one role. An address that is already a member, or has an open unexpired
 * invitation, is a 409; an expired open invitation to it is revoked and replaced. Counts against the
 * plan's users (members + open invitations).
 */
export async function createInvitation(tenantId: string, actor: TeamActor, input: unknown): Promise<IssuedInvitation> {
  const { email, role } = parseInput(createInvitationSchema, input);
  const roleMask = ROLE_BITS[role];
  const now = new Date();
  const id = randomUUID();
  const expiresAt = invitationExpiry(now);
  const token = signInvitationToken(getConfig().NEXTAUTH_SECRET, tenantId, { invitationId: id, expiresAt });
  try {
    const row = await withTenantDb(tenantId, async (db) => {
      const team = await lockTeam(db, actor);
      assertAllowed(invitationViolation(team.actor, roleMask));
      const members = await db.$queryRaw<{ id: string }[]>`
        SELECT id FROM users WHERE tenant_id = app_current_tenant_id() AND lower(email) = ${email} LIMIT 1`;
      if (members.length > 0) {
        throw new AppError("conflict", "This address is already a member of the workspace.", [{ field: "email", message: "Already a member." }]);
      }
      const open = await db.invitation.findFirst({ where: { email, acceptedAt: null, revokedAt: null } });
      if (open && open.expiresAt.getTime() > now.getTime()) throw alreadyInvited();
      if (open) await db.invitation.updateMany({ where: { id: open.id }, data: { revokedAt: now, revokedBy: team.actor.userId } });
      await enforceMemberLimit(db, { countInvitations: true, now });
      return db.invitation.create({
        data: { id, tenantId, email, roleMask, tokenHash: hashInvitationToken(token), invitedBy: team.actor.userId, expiresAt, lastSentAt: now },
      });
    });
    return { invitation: toInvitationView(row, now), token };
  } catch (error) {
    if (isUniqueViolation(error, "invitations_tenant_open_email_key")) throw alreadyInvited();
    throw error;
  }
}
