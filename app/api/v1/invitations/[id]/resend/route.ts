import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, recordAuditEvent } from "@/lib/audit";
import { invitationEmailContextOf, resendInvitation, sendInvitationEmail, type InvitationSent } from "@/lib/invitations";
import { teamActorOf } from "@/lib/members";

// POST /api/v1/invitations/{id}/resend – new link and 7 more days; the previous link stops working
export const POST = withTenant(
  async (request, context) => {
    const { tenant, principal, params } = context;
    const issued = await resendInvitation(tenant.id, teamActorOf(principal), String(params.id));
    const emailSent = await sendInvitationEmail(issued, invitationEmailContextOf(request.headers, context));
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "invitation.resent",
      targets: [{ type: "invitation", id: issued.invitation.id }],
      metadata: { email: issued.invitation.email, sendCount: issued.invitation.sendCount, emailSent },
    });
    const body: InvitationSent = { ...issued.invitation, emailSent };
    return NextResponse.json(body, { headers: { "cache-control": "no-store" } });
  },
  { permission: "members.write" },
);
