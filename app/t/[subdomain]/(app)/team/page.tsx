import type { Metadata } from "next";
import Link from "next/link";
import { hasPermission, maskOf, ROLE_BITS, ROLES } from "@/lib/auth/roles";
import { listInvitations } from "@/lib/invitations";
import { invitationViolation, listMembers, memberActions, teamActorOf } from "@/lib/members";
import { PLANS, type PlanTier } from "@/lib/plans/plans";
import { requireMember } from "../../_lib/load-tenant";
import { NoAccess } from "../sites/no-access";
import { InviteForm } from "./invite-form";
import { MembersTable, type MemberRow } from "./members-table";
import { PendingInvitations, type InvitationRow } from "./pending-invitations";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ subdomain: string }> }) {
  const { tenant, principal } = await requireMember((await params).subdomain);
  if (!hasPermission(principal.roleMask, "members.read")) return <NoAccess title="Team" what="see the team" />;
  const [members, invitations] = await Promise.all([listMembers(tenant.id), listInvitations(tenant.id)]);
  const canWrite = hasPermission(principal.roleMask, "members.write");
  const actor = teamActorOf(principal);
  const ownerCount = members.filter((member) => member.roles.includes("owner")).length;

  // The same rules the API enforces (lib/members/member-rules.ts) decide what the page offers, and why not.
  const rows: MemberRow[] = members.map((member) => ({
    ...member,
    isYou: member.id === actor.userId,
    ...(canWrite
      ? memberActions(actor, { id: member.id, roleMask: maskOf(...member.roles) }, ownerCount)
      : { roleOptions: [], roleLockedReason: null, removeBlockedReason: null }),
  }));
  const invitationRows: InvitationRow[] = invitations.map((invitation) => ({
    ...invitation,
    canManage: canWrite && !invitationViolation(actor, invitation.role ? ROLE_BITS[invitation.role] : 0),
  }));
  const invitableRoles = ROLES.filter((role) => !invitationViolation(actor, ROLE_BITS[role]));
  // Seats as the API counts them: members and unexpired open invitations.
  const seatsTaken = members.length + invitations.filter((invitation) => invitation.status === "pending").length;
  const limit = PLANS[(tenant.planTier in PLANS ? tenant.planTier : "free") as PlanTier].limits.users;

  return (
    <div className="max-w-4xl space-y-8">
      <div>
        <h1 className="text-2xl font-bold">Team</h1>
        <p className="mt-1 text-sm text-slate-600">
          {members.length} member{members.length === 1 ? "" : "s"} and {invitations.length} open invitation{invitations.length === 1 ? "" : "s"} of the{" "}
          {limit} seats on your plan.
        </p>
      </div>
      {canWrite && seatsTaken >= limit ? (
        <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="seats-full">
          Every seat of your plan is taken. Revoke an invitation, remove a member, or{" "}
          <Link href="/billing" className="font-medium underline">upgrade</Link> to invite more.
        </p>
      ) : null}
      {canWrite ? <InviteForm roles={invitableRoles} /> : null}
      <MembersTable members={rows} canWrite={canWrite} />
      <PendingInvitations invitations={invitationRows} />
    </div>
  );
}
