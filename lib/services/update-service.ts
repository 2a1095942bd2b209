import { withTenantDb } from "@/lib/db";
import { parseCalendarDate } from "@/lib/dates/calendar-date";
import { fromDateColumn, toDateColumn } from "@/lib/dates/date-column";
import { AppError } from "@/lib/errors";
import { bumpDataVersion } from "@/lib/reports/data-version";
import { moneyFieldOrThrow } from "@/lib/validation/money-field";
import { parseInput } from "@/lib/validation/parse-input";
import { findServiceOrThrow } from "./get-service";
import { updateServiceSchema, type ServiceView } from "./service-schemas";
import { toServiceView } from "./to-service-view";

/** Changes a service's kind, name, dates or fee. */
export async function updateService(tenantId: string, id: string, input: unknown): Promise<ServiceView> {
  const data = parseInput(updateServiceSchema, input);
  const view = await withTenantDb(tenantId, async (db) => {
    const { row, currency } = await findServiceOrThrow(db, id);
    const startDate = data.startDate ?? fromDateColumn(row.startDate);
    const endDate = data.endDate === undefined ? (row.endDate ? fromDateColumn(row.endDate) : null) : data.endDate;
    if (endDate && parseCalendarDate(endDate)! < parseCalendarDate(startDate)!) {
      throw new AppError("validation_failed", "The request has invalid fields.", [{ field: "endDate", message: "Must not be before the start date." }]);
    }
    const updated = await db.service.update({
      where: { tenantId_id: { tenantId, id: row.id } },
      data: {
        kind: data.kind,
        name: data.name,
        startDate: toDateColumn(startDate),
        endDate: endDate ? toDateColumn(endDate) : null,
        monthlyFee: data.monthlyFee === undefined ? undefined : BigInt(moneyFieldOrThrow(data.monthlyFee, currency, "monthlyFee")),
      },
    });
    return toServiceView(updated, currency);
  });
  await bumpDataVersion(tenantId);
  return view;
}
