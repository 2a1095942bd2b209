import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { createSite } from "@/lib/sites/create-site";
import { listSites } from "@/lib/sites/list-sites";
import { queryParams, readJsonBody } from "@/lib/http";

// GET /api/v1/sites – the workspace's sites, newest first (?limit=&cursor=)
export const GET = withTenant(
  async (request, { tenant }) => NextResponse.json(await listSites(tenant.id, queryParams(request))),
  { permission: "sites.read" },
);

// POST /api/v1/sites – creates one; money as a decimal in the site's currency
export const POST = withTenant(
  async (request, { tenant }) => NextResponse.json(await createSite(tenant.id, await readJsonBody(request)), { status: 201 }),
  { permission: "sites.write" },
);
