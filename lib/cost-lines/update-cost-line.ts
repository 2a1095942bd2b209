import { withTenantDb } from "@/lib/db";
import { toDateColumn } from "@/lib/dates/date-column";
import { bumpDataVersion } from "@/lib/reports/data-version";
import { moneyFieldOrThrow } from "@/lib/validation/money-field";
import { parseInput } from "@/lib/validation/parse-input";
import { updateCostLineSchema, type CostLineView } from "./cost-line-schemas";
import { findCostLineOrThrow } from "./get-cost-line";
import { toCostLineView } from "./to-cost-line-view";

/** Changes a cost line's date, amount or note. */
export async function updateCostLine(tenantId: string, id: string, input: unknown): Promise<CostLineView> {
  const data = parseInput(updateCostLineSchema, input);
  const view = await withTenantDb(tenantId, async (db) => {
    const { row, currency } = await findCostLineOrThrow(db, id);
    const updated = await db.costLine.update({
      where: { tenantId_id: { tenantId, id: row.id } },
      data: {
        date: data.date ? toDateColumn(data.date) : undefined,
        amount: data.amount === undefined ? undefined : BigInt(moneyFieldOrThrow(data.amount, currency, "amount", { allowNegative: true })),
        note: data.note === undefined ? undefined : data.note,
      },
    });
    return toCostLineView(updated, currency);
  });
  await bumpDataVersion(tenantId);
  return view;
}
