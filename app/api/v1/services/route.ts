import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { createService } from "@/lib/services/create-service";
import { listServices } from "@/lib/services/list-services";
import { queryParams, readJsonBody } from "@/lib/http";

// GET /api/v1/services – services, newest first (?limit=&cursor=&siteId=)
export const GET = withTenant(
  async (request, { tenant }) => NextResponse.json(await listServices(tenant.id, queryParams(request))),
  { permission: "sites.read" },
);

// POST /api/v1/services – creates one; money as a decimal in the site's currency
export const POST = withTenant(
  async (request, { tenant }) => NextResponse.json(await createService(tenant.id, await readJsonBody(request)), { status: 201 }),
  { permission: "sites.write" },
);
