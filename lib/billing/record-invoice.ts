import type { TenantSql } from "@/lib/db";
import type { EventStamp } from "./apply-subscription-state";
import type { InvoiceRecord } from "./to-invoice-record";

// An invoice only moves forward (draft -> open -> paid, or void/uncollectible); among events from the
// same second the later status wins, so a same-second payment_failed never hides the paid.
const STATUS_RANK: Record<InvoiceRecord["status"], number> = { draft: 0, open: 1, uncollectible: 2, void: 2, paid: 3 };

interface StoredInvoice {
  id: string;
  status: InvoiceRecord["status"];
  payment_failed_at: Date | null;
  status_event_created: Date;
}

// The invoice's own columns, in the order of `invoiceValues`, from $3 on.
const INVOICE_COLUMNS = [
  "stripe_invoice_id", "stripe_sub_id", "number", "status", "billing_reason", "currency", "amount_due", "amount_paid",
  "attempt_count", "period_start", "period_end", "paid_at", "hosted_invoice_url", "created_at",
];

function invoiceValues(invoice: InvoiceRecord): unknown[] {
  return [
    invoice.stripeInvoiceId, invoice.stripeSubId, invoice.number, invoice.status, invoice.billingReason, invoice.currency,
    invoice.amountDue.toString(), invoice.amountPaid.toString(), invoice.attemptCount, invoice.periodStart, invoice.periodEnd,
    invoice.paidAt, invoice.hostedInvoiceUrl, invoice.createdAt,
  ];
}

/** Writes the invoice to the tenant's ledger; an older event than the stored one changes nothing. */
export async function recordInvoice(sql: TenantSql, tenantId: string, invoice: InvoiceRecord, stamp: EventStamp, eventType: string): Promise<void> {
  const failedAt = eventType === "invoice.payment_failed" ? stamp.created : null;
  const [existing] = await sql.query<StoredInvoice>(
    "SELECT id, status, payment_failed_at, status_event_created FROM invoices WHERE tenant_id = $1::uuid AND stripe_invoice_id = $2",
    [tenantId, invoice.stripeInvoiceId],
  );
  if (!existing) {
    const placeholders = INVOICE_COLUMNS.map((_, index) => `$${index + 2}`).join(", ");
    const next = INVOICE_COLUMNS.length + 2;
    await sql.query(
      `INSERT INTO invoices (tenant_id, ${INVOICE_COLUMNS.join(", ")}, payment_failed_at, status_event_created, status_event_id)
       VALUES ($1::uuid, ${placeholders}, $${next}, $${next + 1}, $${next + 2})`,
      [tenantId, ...invoiceValues(invoice), failedAt, stamp.created, stamp.eventId],
    );
    return;
  }
  // When a payment failed is history worth keeping even if the event arrives after the invoice was paid.
  const paymentFailedAt = failedAt && (!existing.payment_failed_at || failedAt > existing.payment_failed_at) ? failedAt : existing.payment_failed_at;
  const storedAt = existing.status_event_created.getTime();
  const createdAt = stamp.created.getTime();
  const isNewer = createdAt > storedAt || (createdAt === storedAt && STATUS_RANK[invoice.status] >= STATUS_RANK[existing.status]);
  if (!isNewer) {
    await sql.query("UPDATE invoices SET payment_failed_at = $3, updated_at = now() WHERE tenant_id = $1::uuid AND id = $2::uuid", [tenantId, existing.id, paymentFailedAt]);
    return;
  }
  const assignments = INVOICE_COLUMNS.map((column, index) => `${column} = $${index + 3}`).join(", ");
  const next = INVOICE_COLUMNS.length + 3;
  await sql.query(
    `UPDATE invoices SET ${assignments}, payment_failed_at = $${next}, status_event_created = $${next + 1}, status_event_id = $${next + 2}, updated_at = now()
      WHERE tenant_id = $1::uuid AND id = $2::uuid`,
    [tenantId, existing.id, ...invoiceValues(invoice), paymentFailedAt, stamp.created, stamp.eventId],
  );
}
