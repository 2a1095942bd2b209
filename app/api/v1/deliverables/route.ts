import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, recordAuditEvent } from "@/lib/audit";
import { createDeliverable } from "@/lib/deliverables/create-deliverable";
import { listDeliverables } from "@/lib/deliverables/list-deliverables";
import { queryParams, readJsonBody } from "@/lib/http";

// GET /api/v1/deliverables – the work log, newest first (?limit=&cursor=&siteId=&serviceId=)
export const GET = withTenant(
  async (request, { tenant }) => NextResponse.json(await listDeliverables(tenant.id, queryParams(request))),
  { permission: "sites.read" },
);

// POST /api/v1/deliverables – creates one; money as a decimal in the site's currency
export const POST = withTenant(
  async (request, context) => {
    const created = await createDeliverable(context.tenant.id, await readJsonBody(request));
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "deliverable.created",
      targets: [{ type: "deliverable", id: created.id }, { type: "site", id: created.siteId }],
      metadata: { title: created.title, date: created.date },
    });
    return NextResponse.json(created, { status: 201 });
  },
  { permission: "sites.write" },
);
