import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, recordAuditEvent } from "@/lib/audit";
import { revokeInvitation } from "@/lib/invitations";
import { teamActorOf } from "@/lib/members";

// DELETE /api/v1/invitations/{id} – revokes an open invitation; its link stops working
export const DELETE = withTenant(
  async (request, context) => {
    const { tenant, principal, params } = context;
    const revoked = await revokeInvitation(tenant.id, teamActorOf(principal), String(params.id));
    if (revoked.isChanged) {
      await recordAuditEvent({
        ...auditContextOf(request, context),
        action: "invitation.revoked",
        targets: [{ type: "invitation", id: revoked.invitation.id }],
        metadata: { email: revoked.invitation.email, role: revoked.invitation.role ?? null },
      });
    }
    return NextResponse.json(revoked.invitation);
  },
  { permission: "members.write" },
);
