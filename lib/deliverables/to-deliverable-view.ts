import { fromDateColumn } from "@/lib/dates/date-column";
import type { DeliverableView } from "./deliverable-schemas";

interface DeliverableRow {
  id: string;
  siteId: string;
  serviceId: string;
  date: Date;
  title: string;
  url: string | null;
  hours: { toNumber(): number } | null;
  createdAt: Date;
}

/** The public shape of a deliverable. */
export function toDeliverableView(row: DeliverableRow): DeliverableView {
  return {
    id: row.id, siteId: row.siteId, serviceId: row.serviceId, date: fromDateColumn(row.date), title: row.title, url: row.url,
    hours: row.hours ? row.hours.toNumber() : null, createdAt: row.createdAt.toISOString(),
  };
}
