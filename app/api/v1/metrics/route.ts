import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, recordAuditEvent } from "@/lib/audit";
import { readJsonBody } from "@/lib/http";
import { upsertMetrics } from "@/lib/metrics/upsert-metrics";

// 10,000 rows of ~200 bytes each, with room for whitespace.
const MAX_BODY_BYTES = 4 * 1024 * 1024;

// POST /api/v1/metrics – idempotent all-or-nothing upsert of up to 10,000 daily rows for one site
export const POST = withTenant(
  async (request, context) => {
    const result = await upsertMetrics(context.tenant.id, await readJsonBody(request, MAX_BODY_BYTES));
    // One event per import, not per row.
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "metrics.imported",
      targets: [{ type: "site", id: result.siteId }],
      metadata: { rows: result.rows },
    });
    return NextResponse.json(result);
  },
  { permission: "metrics.write" },
);
