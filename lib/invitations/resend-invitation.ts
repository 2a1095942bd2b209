import { getConfig } from "@/lib/config";
import { withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertAllowed, invitationViolation, lockTeam, type TeamActor } from "@/lib/members";
import { enforceMemberLimit } from "./enforce-member-limit";
import { invitationExpiry } from "./invitation-expiry";
import { invitationIdSchema } from "./invitation-schemas";
import { hashInvitationToken, signInvitationToken } from "./invitation-token";
import type { IssuedInvitation } from "./create-invitation";
import { toInvitationView } from "./to-invitation-view";

// One email per invitation per minute: a resend button must not become a way to flood an inbox.
export const RESEND_COOLDOWN_MS = 60_000;

/**
 * Sends an open invitation again with a new token and a new 7-day expiry (an expired one comes back
 * to life). The previous link stops working: only the new token's hash is kept.
 */
export async function resendInvitation(tenantId: string, actor: TeamActor, invitationId: string): Promise<IssuedInvitation> {
  if (!invitationIdSchema.safeParse(invitationId).success) throw new AppError("not_found", "No such invitation.");
  const now = new Date();
  const expiresAt = invitationExpiry(now);
  const token = signInvitationToken(getConfig().NEXTAUTH_SECRET, tenantId, { invitationId, expiresAt });
  const row = await withTenantDb(tenantId, async (db) => {
    const team = await lockTeam(db, actor);
    const found = await db.invitation.findFirst({ where: { id: invitationId } });
    if (!found) throw new AppError("not_found", "No such invitation.");
    assertAllowed(invitationViolation(team.actor, found.roleMask));
    if (found.acceptedAt) throw new AppError("conflict", "This invitation was already accepted.");
    if (found.revokedAt) throw new AppError("conflict", "This invitation was revoked. Invite the address again.");
    const waitMs = found.lastSentAt.getTime() + RESEND_COOLDOWN_MS - now.getTime();
    if (waitMs > 0) {
      const seconds = String(Math.ceil(waitMs / 1000));
      throw new AppError("rate_limited", `The invitation was sent moments ago. Try again in ${seconds} s.`, undefined, { "Retry-After": seconds });
    }
    await enforceMemberLimit(db, { countInvitations: true, exceptInvitationId: found.id, now });
    return db.invitation.update({
      where: { tenantId_id: { tenantId, id: found.id } },
      data: { tokenHash: hashInvitationToken(token), expiresAt, lastSentAt: now, sendCount: { increment: 1 } },
    });
  });
  return { invitation: toInvitationView(row, now), token };
}
