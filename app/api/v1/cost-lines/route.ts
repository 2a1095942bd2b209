import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, recordAuditEvent } from "@/lib/audit";
import { createCostLine } from "@/lib/cost-lines/create-cost-line";
import { listCostLines } from "@/lib/cost-lines/list-cost-lines";
import { queryParams, readJsonBody } from "@/lib/http";

// GET /api/v1/cost-lines – extra and one-off costs, newest first (?limit=&cursor=&siteId=)
export const GET = withTenant(
  async (request, { tenant }) => NextResponse.json(await listCostLines(tenant.id, queryParams(request))),
  { permission: "sites.read" },
);

// POST /api/v1/cost-lines – creates one; money as a decimal in the site's currency
export const POST = withTenant(
  async (request, context) => {
    const created = await createCostLine(context.tenant.id, await readJsonBody(request));
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "cost_line.created",
      targets: [{ type: "cost_line", id: created.id }, { type: "site", id: created.siteId }],
      metadata: { date: created.date, amount: created.amount, currency: created.currency },
    });
    return NextResponse.json(created, { status: 201 });
  },
  { permission: "sites.write" },
);
