import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, changesOf, recordAuditEvent } from "@/lib/audit";
import { deleteService } from "@/lib/services/delete-service";
import { getService } from "@/lib/services/get-service";
import { updateService } from "@/lib/services/update-service";
import { readJsonBody } from "@/lib/http";

// GET /api/v1/services/{id} – one (another workspace's id: 404)
export const GET = withTenant(
  async (_request, { tenant, params }) => NextResponse.json(await getService(tenant.id, String(params.id))),
  { permission: "sites.read" },
);

// PATCH /api/v1/services/{id} – changes the fields sent
export const PATCH = withTenant(
  async (request, context) => {
    const body = await readJsonBody(request);
    const updated = await updateService(context.tenant.id, String(context.params.id), body);
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "service.updated",
      targets: [{ type: "service", id: updated.id }, { type: "site", id: updated.siteId }],
      changes: changesOf(body),
    });
    return NextResponse.json(updated);
  },
  { permission: "sites.write" },
);

// DELETE /api/v1/services/{id} – deletes it
export const DELETE = withTenant(
  async (request, context) => {
    const id = String(context.params.id);
    await deleteService(context.tenant.id, id);
    await recordAuditEvent({ ...auditContextOf(request, context), action: "service.deleted", targets: [{ type: "service", id }] });
    return new NextResponse(null, { status: 204 });
  },
  { permission: "sites.write" },
);
