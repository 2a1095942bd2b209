import type { MailMessage } from "@/lib/mail";

export interface InvitationEmailInput {
  to: string;
  workspaceName: string;
  role: string;
  inviter: string | null;
  acceptUrl: string;
  expiresAt: Date;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
// The workspace name is the tenant's own text: no line breaks in a header.
const oneLine = (value: string) => value.replace(/[\r\n]+/g, " ").trim();

/** The invitation email: plain text (always) and a minimal HTML version with everything escaped. */
export function buildInvitationEmail(input: InvitationEmailInput): MailMessage {
  const workspace = oneLine(input.workspaceName);
  const who = input.inviter ? `${input.inviter} invited you` : "You are invited";
  const expires = `${input.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const text = [
    `${who} to join ${workspace} on ROI Spectrum as ${input.role}.`,
    "",
    "Accept the invitation and choose your password:",
    input.acceptUrl,
    "",
    `The link works once and expires on ${expires}. If you did not expect this invitation, ignore this email.`,
  ].join("\n");
  const html = [
    `<p>${escapeHtml(who)} to join <strong>${escapeHtml(workspace)}</strong> on ROI Spectrum as ${escapeHtml(input.role)}.</p>`,
    `<p><a href="${escapeHtml(input.acceptUrl)}">Accept the invitation</a></p>`,
    `<p>The link works once and expires on ${escapeHtml(expires)}. If you did not expect this invitation, ignore this email.</p>`,
  ].join("\n");
  return { to: input.to, subject: `Join ${workspace} on ROI Spectrum`, text, html };
}
