import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
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
  async (request, { tenant }) => NextResponse.json(await createCostLine(tenant.id, await readJsonBody(request)), { status: 201 }),
  { permission: "sites.write" },
);
