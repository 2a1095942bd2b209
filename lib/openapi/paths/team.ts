import { z } from "zod";
import { acceptInvitationSchema, createInvitationSchema } from "@/lib/invitations/invitation-schemas";
import { updateMemberSchema } from "@/lib/members/member-schemas";
import type { ApiOperation, OperationError } from "../api-operation";
import { acceptedInvitationSchema, invitationSentSchema, invitationViewSchema, memberViewSchema } from "../views/team-views";

const TAG = "Team";
const uuidParam = (noun: string) => ({ id: { description: `The ${noun}'s id.`, schema: { type: "string", format: "uuid" } } });
const TEAM_RULES: OperationError = {
  code: "forbidden",
  when: "a team rule forbids it: only an owner changes, removes or invites owners; nobody raises their own role or removes themselves",
};

export const teamOperations: ApiOperation[] = [
  {
    method: "GET", path: "/api/v1/members", tag: TAG, operationId: "listMembers",
    summary: "List members", description: "The workspace's people and their roles.",
    auth: { kind: "tenant", permission: "members.read" },
    response: { status: 200, description: "The members.", schema: z.object({ data: z.array(memberViewSchema) }), schemaName: "MemberList" },
  },
  {
    method: "PATCH", path: "/api/v1/members/{id}", tag: TAG, operationId: "changeMemberRole",
    summary: "Change a member's role", description: "A member holds one role. The workspace always keeps an owner.",
    auth: { kind: "tenant", permission: "members.write" }, pathParams: uuidParam("member"),
    body: { schema: updateMemberSchema, schemaName: "UpdateMemberRequest", maxBytes: 4 * 1024, example: { role: "analyst" } },
    response: { status: 200, description: "The member as changed.", schema: memberViewSchema, schemaName: "Member" },
    errors: [TEAM_RULES, { code: "conflict", when: "it would leave the workspace without an owner" }],
  },
  {
    method: "DELETE", path: "/api/v1/members/{id}", tag: TAG, operationId: "removeMember",
    summary: "Remove a member", description: "Their sessions stop working at once.",
    auth: { kind: "tenant", permission: "members.write" }, pathParams: uuidParam("member"),
    response: { status: 200, description: "The removed member.", schema: memberViewSchema, schemaName: "Member" },
    errors: [TEAM_RULES, { code: "conflict", when: "it would leave the workspace without an owner" }],
  },
  {
    method: "GET", path: "/api/v1/invitations", tag: TAG, operationId: "listInvitations",
    summary: "List open invitations", description: "Pending and expired invitations, newest first; never their tokens.",
    auth: { kind: "tenant", permission: "members.read" },
    response: { status: 200, description: "The invitations.", schema: z.object({ data: z.array(invitationViewSchema) }), schemaName: "InvitationList" },
  },
  {
    method: "POST", path: "/api/v1/invitations", tag: TAG, operationId: "createInvitation",
    summary: "Invite someone", description: "Emails a single-use link, valid for 7 days, to join with the role.",
    auth: { kind: "tenant", permission: "members.write" },
    body: { schema: createInvitationSchema, schemaName: "CreateInvitationRequest", maxBytes: 4 * 1024, example: { email: "analyst@agency.test", role: "analyst" } },
    response: { status: 201, description: "The invitation, and whether its email was handed to the mail server.", schema: invitationSentSchema, schemaName: "InvitationSent" },
    errors: [
      TEAM_RULES,
      { code: "plan_limit", when: "the plan's user limit is reached" },
      { code: "conflict", when: "the address is already a member or has an open invitation" },
    ],
  },
  {
    method: "POST", path: "/api/v1/invitations/{id}/resend", tag: TAG, operationId: "resendInvitation",
    summary: "Resend an invitation", description: "A new link and 7 more days; the previous link stops working.",
    auth: { kind: "tenant", permission: "members.write" }, pathParams: uuidParam("invitation"),
    response: { status: 200, description: "The invitation as resent.", schema: invitationSentSchema, schemaName: "InvitationSent" },
    errors: [
      { code: "conflict", when: "the invitation was already accepted or revoked" },
      { code: "rate_limited", when: "it was sent moments ago (one send a minute)" },
    ],
  },
  {
    method: "DELETE", path: "/api/v1/invitations/{id}", tag: TAG, operationId: "revokeInvitation",
    summary: "Revoke an invitation", description: "Its link stops working.",
    auth: { kind: "tenant", permission: "members.write" }, pathParams: uuidParam("invitation"),
    response: { status: 200, description: "The revoked invitation.", schema: invitationViewSchema, schemaName: "Invitation" },
    errors: [{ code: "conflict", when: "the invitation was already accepted" }],
  },
  {
    method: "POST", path: "/api/v1/invitations/accept", tag: TAG, operationId: "acceptInvitation",
    summary: "Accept an invitation",
    description: "The invitee sets a password and becomes a member. Public: the signed single-use token from the email is the credential, and it is valid only on its own workspace's host.",
    auth: { kind: "public", rateLimit: "invitationAcceptPerIp" }, host: "workspace",
    body: { schema: acceptInvitationSchema, schemaName: "AcceptInvitationRequest", maxBytes: 4 * 1024, example: { token: "inv_…", password: "correct horse battery" } },
    response: { status: 201, description: "The new member; sign in next.", schema: acceptedInvitationSchema, schemaName: "AcceptedInvitation" },
    errors: [
      { code: "not_found", when: "unknown workspace host, or a token that is not valid for this workspace" },
      { code: "gone", when: "the invitation was accepted, revoked, replaced by a newer email, or expired" },
      { code: "conflict", when: "the address is already a member" },
    ],
  },
];
