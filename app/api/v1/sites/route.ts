import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, recordAuditEvent } from "@/lib/audit";
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
  async (request, context) => {
    const created = await createSite(context.tenant.id, await readJsonBody(request));
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "site.created",
      targets: [{ type: "site", id: created.id }],
      metadata: { name: created.name, domain: created.domain },
    });
    return NextResponse.json(created, { status: 201 });
  },
  { permission: "sites.write" },
);
