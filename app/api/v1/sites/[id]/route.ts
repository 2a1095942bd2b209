import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, changesOf, recordAuditEvent } from "@/lib/audit";
import { deleteSite } from "@/lib/sites/delete-site";
import { getSite } from "@/lib/sites/get-site";
import { updateSite } from "@/lib/sites/update-site";
import { readJsonBody } from "@/lib/http";

// GET /api/v1/sites/{id} – one (another workspace's id: 404)
export const GET = withTenant(
  async (_request, { tenant, params }) => NextResponse.json(await getSite(tenant.id, String(params.id))),
  { permission: "sites.read" },
);

// PATCH /api/v1/sites/{id} – changes the fields sent
export const PATCH = withTenant(
  async (request, context) => {
    const body = await readJsonBody(request);
    const updated = await updateSite(context.tenant.id, String(context.params.id), body);
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "site.updated",
      targets: [{ type: "site", id: updated.id }],
      changes: changesOf(body),
    });
    return NextResponse.json(updated);
  },
  { permission: "sites.write" },
);

// DELETE /api/v1/sites/{id} – deletes it
export const DELETE = withTenant(
  async (request, context) => {
    const id = String(context.params.id);
    await deleteSite(context.tenant.id, id);
    await recordAuditEvent({ ...auditContextOf(request, context), action: "site.deleted", targets: [{ type: "site", id }] });
    return new NextResponse(null, { status: 204 });
  },
  { permission: "sites.write" },
);
