import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, recordAuditEvent } from "@/lib/audit";
import { readJsonBody } from "@/lib/http";
import { changeMemberRole, removeMember, teamActorOf } from "@/lib/members";

// PATCH /api/v1/members/{id} – gives a member another role (owner rules in lib/members/member-rules.ts)
export const PATCH = withTenant(
  async (request, context) => {
    const { tenant, principal, params } = context;
    const change = await changeMemberRole(tenant.id, teamActorOf(principal), String(params.id), await readJsonBody(request, 4 * 1024));
    if (change.isChanged) {
      await recordAuditEvent({
        ...auditContextOf(request, context),
        action: "member.role_changed",
        targets: [{ type: "user", id: change.member.id }],
        changes: { roles: { before: change.before, after: change.after } },
        metadata: { email: change.member.email },
      });
    }
    return NextResponse.json(change.member);
  },
  { permission: "members.write" },
);

// DELETE /api/v1/members/{id} – removes a member; their sessions stop working at once
export const DELETE = withTenant(
  async (request, context) => {
    const { tenant, principal, params } = context;
    const member = await removeMember(tenant.id, teamActorOf(principal), String(params.id));
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "member.removed",
      targets: [{ type: "user", id: member.id }],
      metadata: { email: member.email, roles: member.roles },
    });
    return NextResponse.json(member);
  },
  { permission: "members.write" },
);
