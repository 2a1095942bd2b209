import { withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertAllowed, invitationViolation, lockTeam, type TeamActor } from "@/lib/members";
import { invitationIdSchema, type InvitationView } from "./invitation-schemas";
import { toInvitationView } from "./to-invitation-view";

export interface RevokedInvitation {
  invitation: InvitationView;
  /** False when it was already revoked (repeating a revoke is harmless and not audited again). */
  isChanged: boolean;
}

/** Withdraws an open invitation: its link stops working at once. An accepted one is a 409. */
export async function revokeInvitation(tenantId: string, actor: TeamActor, invitationId: string): Promise<RevokedInvitation> {
  if (!invitationIdSchema.safeParse(invitationId).success) throw new AppError("not_found", "No such invitation.");
  return withTenantDb(tenantId, async (db) => {
    const team = await lockTeam(db, actor);
    const found = await db.invitation.findFirst({ where: { id: invitationId } });
    if (!found) throw new AppError("not_found", "No such invitation.");
    assertAllowed(invitationViolation(team.actor, found.roleMask));
    if (found.acceptedAt) throw new AppError("conflict", "This invitation was already accepted. Remove the member instead.");
    if (found.revokedAt) return { invitation: toInvitationView(found), isChanged: false };
    const row = await db.invitation.update({
      where: { tenantId_id: { tenantId, id: found.id } },
      data: { revokedAt: new Date(), revokedBy: team.actor.userId },
    });
    return { invitation: toInvitationView(row), isChanged: true };
  });
}
