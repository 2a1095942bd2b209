export { createInvitation, type IssuedInvitation } from "./create-invitation";
export { resendInvitation, RESEND_COOLDOWN_MS } from "./resend-invitation";
export { revokeInvitation, type RevokedInvitation } from "./revoke-invitation";
export { listInvitations } from "./list-invitations";
export { acceptInvitation, type AcceptedInvitation } from "./accept-invitation";
export { getInvitationForToken, type InvitationPreview } from "./get-invitation-for-token";
export { sendInvitationEmail, invitationAcceptUrl, invitationEmailContextOf, type InvitationEmailContext } from "./send-invitation-email";
export { signInvitationToken, verifyInvitationToken, hashInvitationToken } from "./invitation-token";
export {
  createInvitationSchema,
  acceptInvitationSchema,
  invitationIdSchema,
  INVITATION_TTL_MS,
  type InvitationView,
  type InvitationSent,
  type InvitationStatus,
} from "./invitation-schemas";
