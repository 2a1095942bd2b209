import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { queryParams } from "@/lib/http";
import { getRoiReport } from "@/lib/reports/get-roi-report";

// GET /api/v1/reports/roi – revenue, cost, profit, ROI and traffic for a date range, in buckets
export const GET = withTenant(
  async (request, { tenant }) => {
    const bypassCache = /no-cache/i.test(request.headers.get("cache-control") ?? "");
    const report = await getRoiReport(tenant.id, queryParams(request), { bypassCache });
    return NextResponse.json(report, { headers: { "cache-control": "private, no-store" } });
  },
  { permission: "reports.read" },
);
