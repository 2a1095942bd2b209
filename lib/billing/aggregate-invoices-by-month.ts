// Monthly billing figures for the tenant's billing page, per currency (never summed across
// currencies), in minor units, UTC calendar months:
//   paid    what was collected: amount_paid of invoices paid that month;
//   failed  what failed to be collected and still is not: amount due of invoices whose payment
//           failed that month and that are open or uncollectible now;
//   mrr     recurring revenue for a month of service: each paid invoice's amount divided by the
//           number of months its service period covers (a yearly invoice counts 1/12 per month).

export interface InvoiceFigures {
  currency: string;
  status: string;
  amountDue: bigint;
  amountPaid: bigint;
  periodStart: Date;
  periodEnd: Date;
  paidAt: Date | null;
  paymentFailedAt: Date | null;
}

export interface MonthlyBillingAggregate {
  /** YYYY-MM */
  month: string;
  currency: string;
  paid: number;
  failed: number;
  mrr: number;
}

const AVERAGE_MONTH_MS = (365.2425 / 12) * 24 * 3600 * 1000;

const monthOf = (date: Date) => date.toISOString().slice(0, 7);

/** The last `months` UTC months ending with the one containing `now`, oldest first. */
function monthsUntil(now: Date, months: number): string[] {
  return Array.from({ length: months }, (_, index) =>
    monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1 - index), 1))),
  );
}

function monthsCovered(invoice: InvoiceFigures): number {
  return Math.max(1, Math.round((invoice.periodEnd.getTime() - invoice.periodStart.getTime()) / AVERAGE_MONTH_MS));
}

/** One row per month and currency the invoices use; months without invoices are zeros. */
export function aggregateInvoicesByMonth(invoices: readonly InvoiceFigures[], now: Date, months = 12): MonthlyBillingAggregate[] {
  const currencies = [...new Set(invoices.map((invoice) => invoice.currency))].sort();
  const rows = new Map<string, MonthlyBillingAggregate>();
  for (const month of monthsUntil(now, months)) {
    for (const currency of currencies) rows.set(`${month} ${currency}`, { month, currency, paid: 0, failed: 0, mrr: 0 });
  }
  for (const invoice of invoices) {
    if (invoice.paidAt) {
      const row = rows.get(`${monthOf(invoice.paidAt)} ${invoice.currency}`);
      if (row) {
        row.paid += Number(invoice.amountPaid);
        row.mrr += Math.round(Number(invoice.amountPaid) / monthsCovered(invoice));
      }
    }
    if (invoice.paymentFailedAt && (invoice.status === "open" || invoice.status === "uncollectible")) {
      const row = rows.get(`${monthOf(invoice.paymentFailedAt)} ${invoice.currency}`);
      if (row) row.failed += Number(invoice.amountDue - invoice.amountPaid);
    }
  }
  return [...rows.values()];
}
