import { withTenantDb } from "@/lib/db";
import type { InvitationView } from "./invitation-schemas";
import { toInvitationView } from "./to-invitation-view";

// Open invitations are bounded by the plan's user limit, so the list is not paged.
const MAX_OPEN_INVITATIONS = 1_000;

/** The open invitations (pending or expired), newest first; accepted and revoked ones are history. */
export async function listInvitations(tenantId: string): Promise<InvitationView[]> {
  const now = new Date();
  const rows = await withTenantDb(tenantId, (db) =>
    db.invitation.findMany({
      where: { acceptedAt: null, revokedAt: null },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: MAX_OPEN_INVITATIONS,
    }),
  );
  return rows.map((row) => toInvitationView(row, now));
}
