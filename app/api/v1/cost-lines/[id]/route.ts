import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, changesOf, recordAuditEvent } from "@/lib/audit";
import { deleteCostLine } from "@/lib/cost-lines/delete-cost-line";
import { getCostLine } from "@/lib/cost-lines/get-cost-line";
import { updateCostLine } from "@/lib/cost-lines/update-cost-line";
import { readJsonBody } from "@/lib/http";

// GET /api/v1/cost-lines/{id} – one (another workspace's id: 404)
export const GET = withTenant(
  async (_request, { tenant, params }) => NextResponse.json(await getCostLine(tenant.id, String(params.id))),
  { permission: "sites.read" },
);

// PATCH /api/v1/cost-lines/{id} – changes the fields sent
export const PATCH = withTenant(
  async (request, context) => {
    const body = await readJsonBody(request);
    const updated = await updateCostLine(context.tenant.id, String(context.params.id), body);
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "cost_line.updated",
      targets: [{ type: "cost_line", id: updated.id }, { type: "site", id: updated.siteId }],
      changes: changesOf(body),
    });
    return NextResponse.json(updated);
  },
  { permission: "sites.write" },
);

// DELETE /api/v1/cost-lines/{id} – deletes it
export const DELETE = withTenant(
  async (request, context) => {
    const id = String(context.params.id);
    await deleteCostLine(context.tenant.id, id);
    await recordAuditEvent({ ...auditContextOf(request, context), action: "cost_line.deleted", targets: [{ type: "cost_line", id }] });
    return new NextResponse(null, { status: 204 });
  },
  { permission: "sites.write" },
);
