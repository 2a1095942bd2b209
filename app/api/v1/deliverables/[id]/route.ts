import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, changesOf, recordAuditEvent } from "@/lib/audit";
import { deleteDeliverable } from "@/lib/deliverables/delete-deliverable";
import { getDeliverable } from "@/lib/deliverables/get-deliverable";
import { updateDeliverable } from "@/lib/deliverables/update-deliverable";
import { readJsonBody } from "@/lib/http";

// GET /api/v1/deliverables/{id} – one (another workspace's id: 404)
export const GET = withTenant(
  async (_request, { tenant, params }) => NextResponse.json(await getDeliverable(tenant.id, String(params.id))),
  { permission: "sites.read" },
);

// PATCH /api/v1/deliverables/{id} – changes the fields sent
export const PATCH = withTenant(
  async (request, context) => {
    const body = await readJsonBody(request);
    const updated = await updateDeliverable(context.tenant.id, String(context.params.id), body);
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "deliverable.updated",
      targets: [{ type: "deliverable", id: updated.id }, { type: "site", id: updated.siteId }],
      changes: changesOf(body),
    });
    return NextResponse.json(updated);
  },
  { permission: "sites.write" },
);

// DELETE /api/v1/deliverables/{id} – deletes it
export const DELETE = withTenant(
  async (request, context) => {
    const id = String(context.params.id);
    await deleteDeliverable(context.tenant.id, id);
    await recordAuditEvent({ ...auditContextOf(request, context), action: "deliverable.deleted", targets: [{ type: "deliverable", id }] });
    return new NextResponse(null, { status: 204 });
  },
  { permission: "sites.write" },
);
