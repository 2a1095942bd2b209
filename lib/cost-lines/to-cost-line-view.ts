import { fromDateColumn } from "@/lib/dates/date-column";
import type { CostLineView } from "./cost-line-schemas";

interface CostLineRow {
  id: string;
  siteId: string;
  serviceId: string | null;
  date: Date;
  amount: bigint;
  note: string | null;
  createdAt: Date;
}

/** The public shape of a cost line; the amount in minor units of the site's currency. */
export function toCostLineView(row: CostLineRow, currency: string): CostLineView {
  return {
    id: row.id, siteId: row.siteId, serviceId: row.serviceId, date: fromDateColumn(row.date), amount: Number(row.amount),
    currency, note: row.note, createdAt: row.createdAt.toISOString(),
  };
}
