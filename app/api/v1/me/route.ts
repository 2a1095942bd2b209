import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { rolesOf } from "@/lib/auth/roles";

// GET /api/v1/me – who is calling, in which workspace, with which roles
export const GET = withTenant(
  async (_request, { tenant, principal }) =>
    NextResponse.json({
      tenant: { id: tenant.id, name: tenant.name, subdomain: tenant.subdomain, planTier: tenant.planTier },
      principal: {
        type: principal.type,
        id: principal.type === "user" ? principal.userId : principal.keyId,
        label: principal.label,
        roles: rolesOf(principal.roleMask),
      },
    }),
  { permission: "workspace.read" },
);
