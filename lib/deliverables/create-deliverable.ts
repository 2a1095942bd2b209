import { withTenantDb } from "@/lib/db";
import { toDateColumn } from "@/lib/dates/date-column";
import { bumpDataVersion } from "@/lib/reports/data-version";
import { findServiceOrThrow } from "@/lib/services/get-service";
import { parseInput } from "@/lib/validation/parse-input";
import { createDeliverableSchema, type DeliverableView } from "./deliverable-schemas";
import { toDeliverableView } from "./to-deliverable-view";

/** Logs a piece of work done for a service (the service-tracking work log). */
export async function createDeliverable(tenantId: string, input: unknown): Promise<DeliverableView> {
  const data = parseInput(createDeliverableSchema, input);
  const view = await withTenantDb(tenantId, async (db) => {
    const { row: service } = await findServiceOrThrow(db, data.serviceId, "serviceId");
    const row = await db.deliverable.create({
      data: {
        tenantId, siteId: service.siteId, serviceId: service.id, date: toDateColumn(data.date), title: data.title,
        url: data.url ?? null, hours: data.hours ?? null,
      },
    });
    return toDeliverableView(row);
  });
  await bumpDataVersion(tenantId);
  return view;
}
