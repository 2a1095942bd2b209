import { loadEntitlements } from "@/lib/billing/load-entitlements";
import type { TenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { PLANS } from "@/lib/plans/plans";

/**
 * Refuses one more seat beyond the plan's user limit (403 plan_limit). A seat is a member or, unless
 * `countInvitations` is false, an invitation still open and unexpired (other than `exceptInvitationId`).
 * Call after lockTeam, inside the transaction that adds the seat, so concurrent requests take turns.
 */
export async function enforceMemberLimit(
  db: TenantDb,
  options: { countInvitations: boolean; exceptInvitationId?: string; now?: Date },
): Promise<void> {
  const now = options.now ?? new Date();
  const { planTier, limits } = await loadEntitlements(db, now);
  const members = await db.user.count();
  const invitations = options.countInvitations
    ? await db.invitation.count({
        where: {
          acceptedAt: null,
          revokedAt: null,
          expiresAt: { gt: now },
          ...(options.exceptInvitationId ? { NOT: { id: options.exceptInvitationId } } : {}),
        },
      })
    : 0;
  if (members + invitations < limits.users) return;
  const plan = PLANS[planTier].name;
  throw new AppError("plan_limit", `The ${plan} plan allows ${limits.users} users. Upgrade your plan to add more.`, [
    { field: "users", message: `Limit of the ${plan} plan: ${limits.users} users (members and open invitations: ${members + invitations}).` },
  ]);
}
