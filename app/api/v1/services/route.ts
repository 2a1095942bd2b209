import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, recordAuditEvent } from "@/lib/audit";
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
  async (request, context) => {
    const created = await createService(context.tenant.id, await readJsonBody(request));
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "service.created",
      targets: [{ type: "service", id: created.id }, { type: "site", id: created.siteId }],
      metadata: { name: created.name, kind: created.kind },
    });
    return NextResponse.json(created, { status: 201 });
  },
  { permission: "sites.write" },
);
