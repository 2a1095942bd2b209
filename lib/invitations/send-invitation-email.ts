import { requestProtocol } from "@/lib/http/request-protocol";
import { sendMail } from "@/lib/mail";
import { tenantUrl } from "@/lib/tenants";
import { buildInvitationEmail } from "./build-invitation-email";
import type { IssuedInvitation } from "./create-invitation";

export interface InvitationEmailContext {
  workspace: { name: string; subdomain: string };
  inviter: string | null;
  protocol: "http" | "https";
  requestId: string;
}

/** The mail context of an API request by `principal` in `workspace`. */
export function invitationEmailContextOf(
  headers: Headers,
  context: { tenant: { name: string; subdomain: string }; principal: { label?: string | null }; requestId: string },
): InvitationEmailContext {
  return { workspace: context.tenant, inviter: context.principal.label ?? null, protocol: requestProtocol(headers), requestId: context.requestId };
}

/** The accept page's address for a token, on the workspace's own host. */
export function invitationAcceptUrl(subdomain: string, protocol: "http" | "https", token: string): string {
  return `${tenantUrl(subdomain, protocol)}/invite?token=${encodeURIComponent(token)}`;
}

/** Emails the invitation link; false when the mail could not be handed over (the UI offers a resend). */
export async function sendInvitationEmail(issued: IssuedInvitation, context: InvitationEmailContext): Promise<boolean> {
  const message = buildInvitationEmail({
    to: issued.invitation.email,
    workspaceName: context.workspace.name,
    role: issued.invitation.role ?? "member",
    inviter: context.inviter,
    acceptUrl: invitationAcceptUrl(context.workspace.subdomain, context.protocol, issued.token),
    expiresAt: new Date(issued.invitation.expiresAt),
  });
  return sendMail(message, context.requestId);
}
