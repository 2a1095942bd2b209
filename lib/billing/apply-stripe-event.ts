import { applyEventOnce, recordIgnoredEvent, type BillingTenant, type LedgerEvent, type LedgerOutcome, type TenantSql } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit";
import { invalidateTenantCache } from "@/lib/tenants";
import { applySubscriptionState, type EventStamp } from "./apply-subscription-state";
import { fetchSubscriptionSnapshot } from "./fetch-subscription-snapshot";
import { linkStripeCustomer } from "./link-stripe-customer";
import { recordInvoice } from "./record-invoice";
import { resolveEventTenant, type TenantResolutionCache } from "./resolve-event-tenant";
import { isHandledStripeEventType } from "./stripe-event-types";
import { checkoutSessionSchema, type StripeEventEnvelope } from "./stripe-object-schemas";
import { toInvoiceRecord, type InvoiceRecord } from "./to-invoice-record";
import { toSubscriptionSnapshot, type SubscriptionSnapshot } from "./to-subscription-snapshot";

export interface AppliedEvent {
  outcome: "applied" | "ignored" | "duplicate";
  tenantId: string | null;
  detail?: string;
}

/** What an event is about, parsed from its object (a parse error makes it a poison event). */
type Subject =
  | { kind: "checkout"; customerId: string | null; tenantHint: string | null; stripeSubId: string | null; isSubscription: boolean }
  | { kind: "subscription"; customerId: string; tenantHint: string | null; snapshot: SubscriptionSnapshot }
  | { kind: "invoice"; customerId: string; tenantHint: string | null; invoice: InvoiceRecord };

function subjectOf(event: StripeEventEnvelope): Subject {
  const object = event.data.object;
  if (event.type.startsWith("checkout.session.")) {
    const session = checkoutSessionSchema.parse(object);
    return {
      kind: "checkout", customerId: session.customer, stripeSubId: session.subscription, isSubscription: session.mode === "subscription",
      tenantHint: session.client_reference_id ?? session.metadata.tenant_id ?? null,
    };
  }
  if (event.type.startsWith("customer.subscription.")) {
    const snapshot = toSubscriptionSnapshot(object);
    return { kind: "subscription", customerId: snapshot.customerId, tenantHint: snapshot.tenantHint, snapshot };
  }
  const invoice = toInvoiceRecord(object);
  return { kind: "invoice", customerId: invoice.customerId, tenantHint: invoice.tenantHint, invoice };
}

interface Effects {
  isPlanChanged: boolean;
  /** The tenant's effective plan after the event, read in its transaction (for the audit retention). */
  planTier?: string;
}

async function applySubject(sql: TenantSql, tenant: BillingTenant, subject: Subject, stamp: EventStamp, type: string, effects: Effects): Promise<LedgerOutcome> {
  const tenantId = tenant.id;
  if (subject.customerId !== null && tenant.stripeCustomerId === null) await linkStripeCustomer(sql, tenantId, subject.customerId);
  const applyState = async (stripeSubId: string, snapshot: SubscriptionSnapshot | null) => {
    const change = await applySubscriptionState(sql, tenantId, { stripeSubId, stamp, snapshot, fetchCurrent: fetchSubscriptionSnapshot });
    effects.isPlanChanged ||= change.isPlanChanged;
    return change;
  };
  switch (subject.kind) {
    case "checkout":
      if (!subject.isSubscription || subject.stripeSubId === null) return { status: "ignored", detail: "not a subscription checkout" };
      await applyState(subject.stripeSubId, null);
      return { status: "applied" };
    case "subscription":
      // A stale event is still "applied": it was considered, and its (older) state correctly lost.
      await applyState(subject.snapshot.stripeSubId, subject.snapshot);
      return { status: "applied" };
    case "invoice":
      // The subscription row first: the invoice references it, and an invoice event moves its status.
      if (subject.invoice.stripeSubId !== null) await applyState(subject.invoice.stripeSubId, null);
      await recordInvoice(sql, tenantId, subject.invoice, stamp, type);
      return { status: "applied" };
  }
}

/**
 * Applies one Stripe event to PostgreSQL, at most once (the ledger row and the effects commit
 * together). Throws on anything that may succeed later (Stripe or PostgreSQL unreachable) or needs a
 * human (malformed object, unknown price): the aggregator retries and eventually dead-letters it.
 */
export async function applyStripeEvent(event: StripeEventEnvelope, tenantCache?: TenantResolutionCache): Promise<AppliedEvent> {
  const ledger: LedgerEvent = { id: event.id, type: event.type, created: new Date(event.created * 1000) };
  if (!isHandledStripeEventType(event.type)) {
    const detail = "unhandled event type";
    return { outcome: await recordIgnoredEvent(ledger, detail), tenantId: null, detail };
  }
  const subject = subjectOf(event);
  const resolution = await resolveEventTenant(subject.customerId, subject.tenantHint, tenantCache);
  if ("ignoredBecause" in resolution) {
    return { outcome: await recordIgnoredEvent(ledger, resolution.ignoredBecause), tenantId: null, detail: resolution.ignoredBecause };
  }
  const { tenant } = resolution;
  const effects: Effects = { isPlanChanged: false };
  const stamp: EventStamp = { eventId: event.id, created: ledger.created };
  const result = await applyEventOnce(ledger, tenant.id, async (sql) => {
    const outcome = await applySubject(sql, tenant, subject, stamp, event.type, effects);
    // The plan as the tenant selector will now see it, from inside the transaction (no cache round trips).
    const [resolved] = await sql.query<{ plan_tier: string }>("SELECT plan_tier FROM app_resolve_tenant($1)", [tenant.subdomain]);
    effects.planTier = resolved?.plan_tier;
    return outcome;
  });
  if (result === "duplicate") return { outcome: "duplicate", tenantId: tenant.id };
  // After commit: the tenant's cached context carries its plan.
  if (effects.isPlanChanged) await invalidateTenantCache(tenant.subdomain);
  if (result.status === "applied") await auditBillingChange(tenant, event, subject, effects);
  return { outcome: result.status, tenantId: tenant.id, detail: result.detail };
}

/** One audit event per billing state change, by actor `stripe`, dated when Stripe created the event. */
async function auditBillingChange(tenant: BillingTenant, event: StripeEventEnvelope, subject: Subject, effects: Effects): Promise<void> {
  const target =
    subject.kind === "subscription" ? { type: "subscription", id: subject.snapshot.stripeSubId }
    : subject.kind === "invoice" ? { type: "invoice", id: subject.invoice.stripeInvoiceId }
    : { type: "subscription", id: subject.stripeSubId ?? "unknown" };
  await recordAuditEvent({
    tenantId: tenant.id,
    planTier: effects.planTier ?? "free",
    action: `billing.${event.type}`,
    actor: { type: "stripe", id: event.id, label: "Stripe" },
    targets: [target],
    metadata: { stripeEventId: event.id, planChanged: effects.isPlanChanged, ...(effects.planTier ? { planTier: effects.planTier } : {}) },
    occurredAt: new Date(event.created * 1000),
  });
}
