import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { listAuditEvents, parseAuditPageQuery } from "@/lib/audit";

// GET /api/v1/audit-logs – the workspace's audit events, newest first
//   (?action=&actorId=&targetType=&targetId=&from=&to=&limit=&cursor=)
export const GET = withTenant(
  async (request, { tenant }) => {
    const query = parseAuditPageQuery(new URL(request.url).searchParams);
    return NextResponse.json(await listAuditEvents(tenant.id, query), { headers: { "cache-control": "private, no-store" } });
  },
  { permission: "audit.read" },
);
