import { withTenantDb } from "@/lib/db";
import { toDateColumn } from "@/lib/dates/date-column";
import { bumpDataVersion } from "@/lib/reports/data-version";
import { parseInput } from "@/lib/validation/parse-input";
import { updateDeliverableSchema, type DeliverableView } from "./deliverable-schemas";
import { findDeliverableOrThrow } from "./get-deliverable";
import { toDeliverableView } from "./to-deliverable-view";

/** Changes a deliverable's date, title, URL or hours. */
export async function updateDeliverable(tenantId: string, id: string, input: unknown): Promise<DeliverableView> {
  const data = parseInput(updateDeliverableSchema, input);
  const view = await withTenantDb(tenantId, async (db) => {
    const row = await findDeliverableOrThrow(db, id);
    const updated = await db.deliverable.update({
      where: { tenantId_id: { tenantId, id: row.id } },
      data: { date: data.date ? toDateColumn(data.date) : undefined, title: data.title, url: data.url, hours: data.hours },
    });
    return toDeliverableView(updated);
  });
  await bumpDataVersion(tenantId);
  return view;
}
