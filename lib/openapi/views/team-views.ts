import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import type { AcceptedInvitation } from "@/lib/invitations/accept-invitation";
import type { InvitationSent, InvitationView } from "@/lib/invitations/invitation-schemas";
import type { MemberView } from "@/lib/members/member-schemas";
import type { Assert, SameType } from "../same-type";
import { idSchema, isoTimeSchema } from "./page-view";

const roleSchema = z.enum(ROLES);

export const memberViewSchema = z.object({
  id: idSchema,
  email: z.string(),
  // Always set for members; typed loosely because it is derived from the role mask.
  role: z.union([roleSchema, z.undefined()]).describe("The highest role (what the product shows)."),
  roles: z.array(roleSchema).describe("Every role the member holds, most powerful first."),
  createdAt: isoTimeSchema,
});

export const invitationViewSchema = z.object({
  id: idSchema,
  email: z.string(),
  role: z.union([roleSchema, z.undefined()]),
  status: z.enum(["pending", "expired", "accepted", "revoked"]),
  invitedBy: z.string().nullable().describe("Who sent it (user or API key label)."),
  createdAt: isoTimeSchema,
  expiresAt: isoTimeSchema.describe("7 days after the latest send."),
  lastSentAt: isoTimeSchema,
  sendCount: z.number().int(),
  acceptedAt: isoTimeSchema.nullable(),
  revokedAt: isoTimeSchema.nullable(),
});

export const invitationSentSchema = invitationViewSchema.extend({
  emailSent: z.boolean().describe("Whether the mail server took the email; if not, offer to resend."),
});

export const acceptedInvitationSchema = z.object({
  user: z.object({ id: idSchema, email: z.string(), roles: z.array(roleSchema) }),
  signInPath: z.literal("/signin").describe("Where the new member signs in, on this workspace's host."),
});

export type MemberViewMatches = Assert<SameType<z.output<typeof memberViewSchema>, MemberView>>;
export type InvitationViewMatches = Assert<SameType<z.output<typeof invitationViewSchema>, InvitationView>>;
export type InvitationSentMatches = Assert<SameType<z.output<typeof invitationSentSchema>, InvitationSent>>;
export type AcceptedUserMatches = Assert<SameType<z.output<typeof acceptedInvitationSchema>["user"], AcceptedInvitation["user"]>>;
