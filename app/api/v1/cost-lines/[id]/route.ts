import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
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
  async (request, { tenant, params }) => NextResponse.json(await updateCostLine(tenant.id, String(params.id), await readJsonBody(request))),
  { permission: "sites.write" },
);

// DELETE /api/v1/cost-lines/{id} – deletes it
export const DELETE = withTenant(
  async (_request, { tenant, params }) => {
    await deleteCostLine(tenant.id, String(params.id));
    return new NextResponse(null, { status: 204 });
  },
  { permission: "sites.write" },
);
