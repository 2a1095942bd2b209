import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
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
  async (request, { tenant, params }) => NextResponse.json(await updateSite(tenant.id, String(params.id), await readJsonBody(request))),
  { permission: "sites.write" },
);

// DELETE /api/v1/sites/{id} – deletes it
export const DELETE = withTenant(
  async (_request, { tenant, params }) => {
    await deleteSite(tenant.id, String(params.id));
    return new NextResponse(null, { status: 204 });
  },
  { permission: "sites.write" },
);
