import { NextResponse } from "next/server";
import { auditContextOf, changesOf, recordAuditEvent } from "@/lib/audit";
import { readJsonBody } from "@/lib/http";
import { withTenant } from "./with-tenant";

interface ItemOperations<V extends { id: string; siteId?: string }> {
  /** Audit target type and action prefix, e.g. "cost_line" → cost_line.updated / cost_line.deleted. */
  entity: string;
  get(tenantId: string, id: string): Promise<V>;
  update(tenantId: string, id: string, input: unknown): Promise<V>;
  remove(tenantId: string, id: string): Promise<void>;
}

/**
 * GET, PATCH and DELETE of one item of site data (sites, services, cost lines, deliverables): read
 * for viewers, writes for analysts and up, every write audited after it commits. Another
 * workspace's id is a 404 from the lib function, never a 403.
 */
export function siteDataItemRoutes<V extends { id: string; siteId?: string }>(operations: ItemOperations<V>) {
  const { entity } = operations;
  const targetsOf = (id: string, siteId?: string) => [{ type: entity, id }, ...(siteId ? [{ type: "site", id: siteId }] : [])];
  return {
    GET: withTenant(
      async (_request, { tenant, params }) => NextResponse.json(await operations.get(tenant.id, String(params.id))),
      { permission: "sites.read" },
    ),
    PATCH: withTenant(
      async (request, context) => {
        const body = await readJsonBody(request);
        const updated = await operations.update(context.tenant.id, String(context.params.id), body);
        await recordAuditEvent({
          ...auditContextOf(request, context),
          action: `${entity}.updated`,
          targets: targetsOf(updated.id, updated.siteId),
          changes: changesOf(body),
        });
        return NextResponse.json(updated);
      },
      { permission: "sites.write" },
    ),
    DELETE: withTenant(
      async (request, context) => {
        const id = String(context.params.id);
        await operations.remove(context.tenant.id, id);
        await recordAuditEvent({ ...auditContextOf(request, context), action: `${entity}.deleted`, targets: [{ type: entity, id }] });
        return new NextResponse(null, { status: 204 });
      },
      { permission: "sites.write" },
    ),
  };
}
