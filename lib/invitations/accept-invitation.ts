import { hashPassword } from "@/lib/auth/password";
import { rolesOf, type Role } from "@/lib/auth/roles";
import { getConfig } from "@/lib/config";
import { isUniqueViolation, lockTenantResource, withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";
import { enforceMemberLimit } from "./enforce-member-limit";
import { acceptInvitationSchema } from "./invitation-schemas";
import { invitationProblem } from "./invitation-problem";
import { hashInvitationToken, verifyInvitationToken } from "./invitation-token";

export interface AcceptedInvitation {
  invitationId: string;
  invitedBy: string | null;
  user: { id: string; email: string; roles: Role[] };
}

const invalidLink = () => new AppError("not_found", "This invitation link is not valid for this workspace.");

/**
 * Turns an invitation into a member of this tenant (only: the token is bound to it), with the invited
 * address and role and the password the invitee chose. Single use is enforced by the database: the
 * conditional update that marks the invitation accepted and the creation of the user commit together,
 * so of two concurrent acceptances exactly one creates a user.
 */
export async function acceptInvitation(tenantId: string, input: unknown): Promise<AcceptedInvitation> {
  const { token, password } = parseInput(acceptInvitationSchema, input);
  const claims = verifyInvitationToken(getConfig().NEXTAUTH_SECRET, tenantId, token);
  if (!claims) throw invalidLink();
  const tokenHash = hashInvitationToken(token);
  // A dead link is answered before the deliberately slow password hash.
  const peek = await withTenantDb(tenantId, (db) => db.invitation.findFirst({ where: { id: claims.invitationId } }));
  const early = invitationProblem(peek, tokenHash, new Date());
  if (early) throw early;
  const passwordHash = await hashPassword(password);

  try {
    return await withTenantDb(tenantId, async (db) => {
      await lockTenantResource(db, "members");
      const now = new Date();
      const claimed = await db.$queryRaw<{ id: string; email: string; role_mask: number; invited_by: string | null }[]>`
        UPDATE invitations SET accepted_at = ${now}
         WHERE tenant_id = app_current_tenant_id() AND id = ${claims.invitationId}::uuid AND token_hash = ${tokenHash}
           AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ${now}
        RETURNING id, email, role_mask, invited_by`;
      const invitation = claimed[0];
      if (!invitation) {
        const row = await db.invitation.findFirst({ where: { id: claims.invitationId } });
        throw invitationProblem(row, tokenHash, now) ?? invalidLink();
      }
      // The invitation held its seat, but the plan may have shrunk since it was sent.
      await enforceMemberLimit(db, { countInvitations: false, now });
      const user = await db.user.create({
        data: { tenantId, email: invitation.email, passwordHash, roleMask: invitation.role_mask },
        select: { id: true, email: true, roleMask: true },
      });
      await db.invitation.updateMany({ where: { id: invitation.id }, data: { acceptedUserId: user.id } });
      return { invitationId: invitation.id, invitedBy: invitation.invited_by, user: { id: user.id, email: user.email, roles: rolesOf(user.roleMask) } };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_tenant_email_key")) {
      throw new AppError("conflict", "This address is already a member of the workspace. Sign in instead.");
    }
    throw error;
  }
}
