import { withTenant } from "@/lib/api";
import { exportAuditEvents, parseAuditFilters } from "@/lib/audit";

// GET /api/v1/audit-logs/export – the matching events as a CSV download (same filters as the list)
export const GET = withTenant(
  async (request, { tenant }) => {
    const filters = parseAuditFilters(new URL(request.url).searchParams);
    const body = await exportAuditEvents(tenant.id, filters);
    const filename = `audit-log-${tenant.subdomain}-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
  { permission: "audit.read" },
);
