import { NextResponse, type NextRequest } from "next/server";
import { withPublic } from "@/lib/api";
import { recordAuditEvent, requestContextOf } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { clientIp, readJsonBody } from "@/lib/http";
import { acceptInvitation } from "@/lib/invitations";
import { enforceRateLimit } from "@/lib/rate-limit";
import { getTenantBySubdomain, tenantSubdomainFromHeaders } from "@/lib/tenants";

// POST /api/v1/invitations/accept – the invitee sets a password and becomes a member (this host's workspace only)
export const POST = withPublic(
  async (request: NextRequest, { requestId }) => {
    // The workspace comes from the trusted host header, as withTenant resolves it: a token of
    // workspace A presented on B's host finds nothing.
    const subdomain = tenantSubdomainFromHeaders(request.headers);
    const tenant = subdomain ? await getTenantBySubdomain(subdomain) : null;
    if (!tenant) throw new AppError("not_found", "No such workspace.");
    await enforceRateLimit("invitationAcceptPerIp", clientIp(request.headers));
    const accepted = await acceptInvitation(tenant.id, await readJsonBody(request, 4 * 1024));
    await recordAuditEvent({
      tenantId: tenant.id,
      planTier: tenant.planTier,
      action: "invitation.accepted",
      actor: { type: "user", id: accepted.user.id, label: accepted.user.email },
      targets: [{ type: "invitation", id: accepted.invitationId }, { type: "user", id: accepted.user.id }],
      context: requestContextOf(request.headers, requestId),
      metadata: { email: accepted.user.email, roles: accepted.user.roles, invitedBy: accepted.invitedBy },
    });
    return NextResponse.json({ user: accepted.user, signInPath: "/signin" }, { status: 201, headers: { "cache-control": "no-store" } });
  },
  { reason: "the invitee has no account yet; the signed single-use token authorises the request" },
);
