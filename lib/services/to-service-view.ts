import { fromDateColumn } from "@/lib/dates/date-column";
import type { ServiceView } from "./service-schemas";

interface ServiceRow {
  id: string;
  siteId: string;
  kind: string;
  name: string;
  startDate: Date;
  endDate: Date | null;
  monthlyFee: bigint;
  createdAt: Date;
}

/** The public shape of a service; money in minor units of the site's currency. */
export function toServiceView(row: ServiceRow, currency: string): ServiceView {
  return {
    id: row.id,
    siteId: row.siteId,
    kind: row.kind as ServiceView["kind"],
    name: row.name,
    startDate: fromDateColumn(row.startDate),
    endDate: row.endDate ? fromDateColumn(row.endDate) : null,
    monthlyFee: Number(row.monthlyFee),
    currency,
    createdAt: row.createdAt.toISOString(),
  };
}
