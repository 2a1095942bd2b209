import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, recordAuditEvent } from "@/lib/audit";
import { readJsonBody } from "@/lib/http";
import { createInvitation, invitationEmailContextOf, listInvitations, sendInvitationEmail, type InvitationSent } from "@/lib/invitations";
import { teamActorOf } from "@/lib/members";

// GET /api/v1/invitations – open invitations (pending or expired), newest first
export const GET = withTenant(
  async (_request, { tenant }) => NextResponse.json({ data: await listInvitations(tenant.id) }),
  { permission: "members.read" },
);

// POST /api/v1/invitations – invites an address with a role and emails it a single-use link
export const POST = withTenant(
  async (request, context) => {
    const { tenant, principal } = context;
    const issued = await createInvitation(tenant.id, teamActorOf(principal), await readJsonBody(request, 4 * 1024));
    const emailSent = await sendInvitationEmail(issued, invitationEmailContextOf(request.headers, context));
    // The token is never recorded: the invitation id names it.
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "invitation.created",
      targets: [{ type: "invitation", id: issued.invitation.id }],
      metadata: { email: issued.invitation.email, role: issued.invitation.role ?? null, emailSent },
    });
    const body: InvitationSent = { ...issued.invitation, emailSent };
    return NextResponse.json(body, { status: 201, headers: { "cache-control": "no-store" } });
  },
  { permission: "members.write" },
);
