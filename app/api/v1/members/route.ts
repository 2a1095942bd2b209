import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { listMembers } from "@/lib/members";

// GET /api/v1/members – the workspace's members and their roles
export const GET = withTenant(
  async (_request, { tenant }) => NextResponse.json({ data: await listMembers(tenant.id) }),
  { permission: "members.read" },
);
