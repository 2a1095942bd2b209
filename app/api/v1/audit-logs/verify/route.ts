import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { verifyAuditChain } from "@/lib/audit";
import { AppError } from "@/lib/errors";

// GET /api/v1/audit-logs/verify – recomputes the workspace's hash chain: { ok, checked, firstBrokenSeq? }
export const GET = withTenant(
  async (request, { tenant }) => {
    if (new URL(request.url).search !== "") throw new AppError("bad_request", "This endpoint takes no parameters.");
    return NextResponse.json(await verifyAuditChain(tenant.id), { headers: { "cache-control": "private, no-store" } });
  },
  { permission: "audit.read" },
);
