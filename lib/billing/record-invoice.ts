import type { TenantDb } from "@/lib/db";
import type { EventStamp } from "./apply-subscription-state";
import type { InvoiceRecord } from "./to-invoice-record";

// An invoice only moves forward (draft -> open -> paid, or void/uncollectible); among events from the
// same second the later status wins, so a same-second payment_failed never hides the paid.
const STATUS_RANK: Record<InvoiceRecord["status"], number> = { draft: 0, open: 1, uncollectible: 2, void: 2, paid: 3 };

/** Writes the invoice to the tenant's ledger; an older event than the stored one changes nothing. */
export async function recordInvoice(db: TenantDb, tenantId: string, invoice: InvoiceRecord, stamp: EventStamp, eventType: string): Promise<void> {
  const { customerId: _customerId, tenantHint: _tenantHint, ...fields } = invoice;
  const failedAt = eventType === "invoice.payment_failed" ? stamp.created : null;
  const existing = await db.invoice.findFirst({ where: { stripeInvoiceId: invoice.stripeInvoiceId } });
  if (!existing) {
    await db.invoice.create({
      data: { tenantId, ...fields, paymentFailedAt: failedAt, statusEventCreated: stamp.created, statusEventId: stamp.eventId },
    });
    return;
  }
  // When a payment failed is history worth keeping even if the event arrives after the invoice was paid.
  const paymentFailedAt = failedAt && (!existing.paymentFailedAt || failedAt > existing.paymentFailedAt) ? failedAt : existing.paymentFailedAt;
  const storedAt = existing.statusEventCreated.getTime();
  const createdAt = stamp.created.getTime();
  const isNewer = createdAt > storedAt ||
    (createdAt === storedAt && STATUS_RANK[invoice.status] >= STATUS_RANK[existing.status as InvoiceRecord["status"]]);
  await db.invoice.updateMany({
    where: { id: existing.id },
    data: isNewer
      ? { ...fields, paymentFailedAt, statusEventCreated: stamp.created, statusEventId: stamp.eventId }
      : { paymentFailedAt },
  });
}
