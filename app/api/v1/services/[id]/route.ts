import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
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
  async (request, { tenant, params }) => NextResponse.json(await updateService(tenant.id, String(params.id), await readJsonBody(request))),
  { permission: "sites.write" },
);

// DELETE /api/v1/services/{id} – deletes it
export const DELETE = withTenant(
  async (_request, { tenant, params }) => {
    await deleteService(tenant.id, String(params.id));
    return new NextResponse(null, { status: 204 });
  },
  { permission: "sites.write" },
);
