import { z } from "zod";
import { ROLES, type Role } from "@/lib/auth/roles";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/tenants/sign-up-schema";

// Request bodies of the invitation routes (documented in the OpenAPI description from here).

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export const inviteEmailSchema = z.string().trim().toLowerCase().max(255, "At most 255 characters.").pipe(z.email("Enter a valid email address."));

/** POST /api/v1/invitations */
export const createInvitationSchema = z
  .object({
    email: inviteEmailSchema,
    role: z.enum(ROLES, { error: `Must be one of: ${ROLES.join(", ")}.` }),
  })
  .strict();

export type CreateInvitation = z.infer<typeof createInvitationSchema>;

/** POST /api/v1/invitations/accept (public; the token proves the invitation). */
export const acceptInvitationSchema = z
  .object({
    token: z.string().min(1, "The invitation link is incomplete.").max(512, "The invitation link is malformed."),
    password: z
      .string()
      .min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters.`)
      .max(PASSWORD_MAX, `At most ${PASSWORD_MAX} characters.`),
  })
  .strict();

export type AcceptInvitation = z.infer<typeof acceptInvitationSchema>;

export const invitationIdSchema = z.uuid("Not a valid invitation id.");

export type InvitationStatus = "pending" | "expired" | "accepted" | "revoked";

/** How an invitation appears in API responses: never the token or its hash. */
export interface InvitationView {
  id: string;
  email: string;
  role: Role | undefined;
  status: InvitationStatus;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  lastSentAt: string;
  sendCount: number;
  acceptedAt: string | null;
  revokedAt: string | null;
}

/** After an invitation email is handed over (or not): the UI offers "Resend" when it was not. */
export interface InvitationSent extends InvitationView {
  emailSent: boolean;
}
