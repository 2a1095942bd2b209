import { withTenant } from "@/lib/api";
import { queryParams } from "@/lib/http";
import { getRoiReportJson } from "@/lib/reports/get-roi-report";

// GET /api/v1/reports/roi – revenue, cost, profit, ROI and traffic for a date range, in buckets
export const GET = withTenant(
  async (request, { tenant }) => {
    const bypassCache = /no-cache/i.test(request.headers.get("cache-control") ?? "");
    // The cached JSON goes out as stored (no decoding and encoding again on a cache hit).
    const json = await getRoiReportJson(tenant.id, queryParams(request), { bypassCache });
    return new Response(json, { headers: { "content-type": "application/json", "cache-control": "private, no-store" } });
  },
  { permission: "reports.read" },
);
