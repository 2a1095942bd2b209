import { invoiceSchema, type StripeInvoice } from "./stripe-object-schemas";

/** A Stripe invoice reduced to what the invoices table stores (money in minor units). */
export interface InvoiceRecord {
  stripeInvoiceId: string;
  customerId: string;
  stripeSubId: string | null;
  number: string | null;
  status: StripeInvoice["status"];
  billingReason: string | null;
  currency: string;
  amountDue: bigint;
  amountPaid: bigint;
  attemptCount: number;
  periodStart: Date;
  periodEnd: Date;
  paidAt: Date | null;
  hostedInvoiceUrl: string | null;
  createdAt: Date;
  tenantHint: string | null;
}

const fromUnix = (seconds: number) => new Date(seconds * 1000);

/** Parses an invoice into the stored shape. */
export function toInvoiceRecord(input: unknown): InvoiceRecord {
  const invoice = invoiceSchema.parse(input);
  // The service period is on the lines; Stripe's invoice-level period is the usage period (for a
  // renewal, the period just ended; for a first invoice, a single instant).
  const lines = invoice.lines?.data ?? [];
  const periodStart = lines.length ? Math.min(...lines.map((line) => line.period.start)) : invoice.period_start;
  const periodEnd = lines.length ? Math.max(...lines.map((line) => line.period.end)) : invoice.period_end;
  const details = invoice.parent?.subscription_details ?? null;
  const paidAt = invoice.status_transitions?.paid_at ?? null;
  return {
    stripeInvoiceId: invoice.id,
    customerId: invoice.customer,
    stripeSubId: details?.subscription ?? null,
    number: invoice.number,
    status: invoice.status,
    billingReason: invoice.billing_reason,
    currency: invoice.currency.toUpperCase(),
    amountDue: BigInt(invoice.amount_due),
    amountPaid: BigInt(invoice.amount_paid),
    attemptCount: invoice.attempt_count,
    periodStart: fromUnix(periodStart),
    periodEnd: fromUnix(Math.max(periodEnd, periodStart)),
    paidAt: paidAt === null ? null : fromUnix(paidAt),
    hostedInvoiceUrl: invoice.hosted_invoice_url,
    createdAt: fromUnix(invoice.created),
    tenantHint: details?.metadata.tenant_id ?? null,
  };
}
