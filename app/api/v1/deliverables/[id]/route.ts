import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
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
  async (request, { tenant, params }) => NextResponse.json(await updateDeliverable(tenant.id, String(params.id), await readJsonBody(request))),
  { permission: "sites.write" },
);

// DELETE /api/v1/deliverables/{id} – deletes it
export const DELETE = withTenant(
  async (_request, { tenant, params }) => {
    await deleteDeliverable(tenant.id, String(params.id));
    return new NextResponse(null, { status: 204 });
  },
  { permission: "sites.write" },
);
