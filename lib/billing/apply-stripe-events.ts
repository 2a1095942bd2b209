import {
  applyEventOnce, readPlanTiers, recordIgnoredEvent, TransactionAbortedError, withBillingWorker,
  type BillingTenant, type LedgerEvent, type LedgerOutcome, type TenantSql, type WorkerSql,
} from "@/lib/db";
import { recordAuditEvents, type AuditEventInput } from "@/lib/audit";
import { invalidateTenantCache } from "@/lib/tenants";
import { applySubscriptionState, type EventStamp } from "./apply-subscription-state";
import { fetchSubscriptionSnapshot } from "./fetch-subscription-snapshot";
import { linkStripeCustomer } from "./link-stripe-customer";
import { recordInvoice } from "./record-invoice";
import { resolveEventTenants, type TenantResolution, type TenantResolutionCache } from "./resolve-event-tenant";
import { isHandledStripeEventType } from "./stripe-event-types";
import { isTransientBillingError } from "./is-transient-billing-error";
import { checkoutSessionSchema, type StripeEventEnvelope } from "./stripe-object-schemas";
import { toInvoiceRecord, type InvoiceRecord } from "./to-invoice-record";
import { toSubscriptionSnapshot, type SubscriptionSnapshot } from "./to-subscription-snapshot";

export interface AppliedEvent {
  outcome: "applied" | "ignored" | "duplicate";
  tenantId: string | null;
  detail?: string;
}

/** Per event: what applying it amounted to, or why it failed (retried, then dead-lettered). */
export type EventResult = { isDone: true; applied: AppliedEvent } | { isDone: false; error: unknown };

export interface ApplyOptions {
  /** Tenant resolutions remembered across the batches of one aggregator run. */
  tenantCache?: TenantResolutionCache;
  /** Transactions applying the batch side by side (each takes a pooled connection). */
  concurrency?: number;
  /**
   * Takes the batch's audit write instead of waiting for it, so the caller can overlap it with its
   * next batch (each tenant's events still reach its chain in order: the writer queues per tenant).
   */
  deferAudit?: (written: Promise<unknown>) => void;
}

// A savepoint per event when a group is retried: PostgreSQL keeps up to 64 subtransactions per
// transaction in shared memory, and beyond that every other session's snapshots get slower.
const MAX_UNITS_PER_TRANSACTION = 50;

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
  /** The tenant's effective plan once its events of the batch are applied, read in their transaction (for the audit retention). */
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

/** One event of a batch on its way through: parsed, then resolved to a tenant, then applied. */
interface Unit {
  index: number;
  event: StripeEventEnvelope;
  ledger: LedgerEvent;
  subject: Subject | null;
  resolution?: TenantResolution;
  effects: Effects;
  result?: EventResult;
}

/** One audit event per billing state change, by actor `stripe`, dated when Stripe created the event. */
function auditOf(tenant: BillingTenant, event: StripeEventEnvelope, subject: Subject, effects: Effects): AuditEventInput {
  const target =
    subject.kind === "subscription" ? { type: "subscription", id: subject.snapshot.stripeSubId }
    : subject.kind === "invoice" ? { type: "invoice", id: subject.invoice.stripeInvoiceId }
    : { type: "subscription", id: subject.stripeSubId ?? "unknown" };
  return {
    tenantId: tenant.id,
    planTier: effects.planTier ?? "free",
    action: `billing.${event.type}`,
    actor: { type: "stripe", id: event.id, label: "Stripe" },
    targets: [target],
    metadata: { stripeEventId: event.id, planChanged: effects.isPlanChanged, ...(effects.planTier ? { planTier: effects.planTier } : {}) },
    occurredAt: new Date(event.created * 1000),
  };
}

/** A unit failed in a transaction without savepoints: the transaction ends, and the group is retried with them. */
class UnitFailedError extends Error {
  constructor(cause: unknown) {
    super("an event of the group failed", { cause });
  }
}

/**
 * Applies one unit. With isolated units (a savepoint each) an error stays with the unit unless the
 * transaction is lost; without, any error ends the transaction.
 */
async function applyUnit(sql: WorkerSql, unit: Unit, isolateUnits: boolean): Promise<void> {
  const { event, ledger, subject, resolution } = unit;
  try {
    if (subject === null || resolution === undefined || "ignoredBecause" in resolution) {
      const detail = subject === null ? "unhandled event type" : resolution && "ignoredBecause" in resolution ? resolution.ignoredBecause : "unresolved";
      unit.result = { isDone: true, applied: { outcome: await recordIgnoredEvent(sql, ledger, detail), tenantId: null, detail } };
      return;
    }
    const { tenant } = resolution;
    const stamp: EventStamp = { eventId: event.id, created: ledger.created };
    const outcome = await applyEventOnce(sql, ledger, tenant.id, (tenantSql) => applySubject(tenantSql, tenant, subject, stamp, event.type, unit.effects));
    unit.result = outcome === "duplicate"
      ? { isDone: true, applied: { outcome: "duplicate", tenantId: tenant.id } }
      : { isDone: true, applied: { outcome: outcome.status, tenantId: tenant.id, detail: outcome.detail } };
  } catch (error) {
    // A dependency that is down fails the rest of the group too: end it now (retried by a later run).
    if (isTransientBillingError(error)) throw error;
    if (!isolateUnits) throw new UnitFailedError(error);
    if (error instanceof TransactionAbortedError) throw error;
    unit.effects = { isPlanChanged: false };
    unit.result = { isDone: false, error };
  }
}

/** Units with a tenant by tenant id (plain code-unit order), then those without; each tenant's in arrival order. */
function byTenantThenArrival(a: Unit, b: Unit): number {
  const [idA, idB] = [tenantOf(a)?.id, tenantOf(b)?.id];
  if (idA !== idB) {
    if (idA === undefined) return 1;
    if (idB === undefined) return -1;
    return idA < idB ? -1 : 1;
  }
  return a.index - b.index;
}

const tenantOf = (unit: Unit) => (unit.resolution && "tenant" in unit.resolution ? unit.resolution.tenant : null);

/**
 * One worker transaction for a group of events: resolve their tenants (one statement), then apply
 * each, ordered by tenant so that concurrent transactions take the tenants' billing locks in the same
 * order and cannot deadlock. Events no tenant had a customer for are looked at last, once more: an
 * earlier event of this transaction may have linked their customer. The first resolution runs before
 * this transaction writes anything, so what it remembers in `cache` is committed state.
 */
async function applyGroupIn(sql: WorkerSql, units: Unit[], cache: TenantResolutionCache | undefined, isolateUnits: boolean): Promise<void> {
  const parsed = units.filter((unit) => unit.subject !== null);
  const resolutions = await resolveEventTenants(sql, parsed.map((unit) => unit.subject!), cache);
  parsed.forEach((unit, position) => (unit.resolution = resolutions[position]));
  const order = [...units].sort(byTenantThenArrival);
  for (const unit of order) {
    // Not remembered: this sees the transaction's own, uncommitted links.
    if (unit.subject !== null && !tenantOf(unit)) [unit.resolution] = await resolveEventTenants(sql, [unit.subject]);
    await applyUnit(sql, unit, isolateUnits);
  }
  // The plans as the tenant selector will see them once this commits, for the audit events' retention
  // (one statement for the group, rather than one per event).
  const applied = units.filter((unit) => unit.result?.isDone && unit.result.applied.outcome === "applied");
  const plans = await readPlanTiers(sql, [...new Set(applied.map((unit) => tenantOf(unit)!.subdomain))]);
  for (const unit of applied) unit.effects.planTier = plans.get(tenantOf(unit)!.subdomain);
}

/**
 * A group is first applied without savepoints, the common case of events that all apply. If one
 * fails, that transaction is rolled back whole and the group applied again with a savepoint per
 * event, so that the failure stays with its event and the others commit.
 */
async function applyGroup(units: Unit[], cache: TenantResolutionCache | undefined): Promise<void> {
  try {
    await withBillingWorker((sql) => applyGroupIn(sql, units, cache, false), { isolateUnits: false });
    return;
  } catch (error) {
    if (!(error instanceof UnitFailedError)) throw error;
  }
  for (const unit of units) {
    unit.result = undefined;
    unit.effects = { isPlanChanged: false };
  }
  await withBillingWorker((sql) => applyGroupIn(sql, units, cache, true), { isolateUnits: true });
}

/**
 * Applies a batch of Stripe events to PostgreSQL, each at most once (its ledger row and its effects
 * commit together). The batch shares a few transactions (events grouped by customer, at most 50 to a
 * transaction, `concurrency` of them side by side); a poison event fails alone (applyGroup). Then,
 * after commit, the tenants' cached contexts are dropped in one Redis call and the audit events
 * written in one batch. An event fails (and is retried) on anything that may succeed later (Stripe or
 * PostgreSQL unreachable, a failed commit) or needs a human (malformed object, unknown price).
 */
export async function applyStripeEvents(events: StripeEventEnvelope[], options: ApplyOptions = {}): Promise<EventResult[]> {
  const units: Unit[] = events.map((event, index) => {
    const ledger: LedgerEvent = { id: event.id, type: event.type, created: new Date(event.created * 1000) };
    const unit: Unit = { index, event, ledger, subject: null, effects: { isPlanChanged: false } };
    if (isHandledStripeEventType(event.type)) {
      try {
        unit.subject = subjectOf(event);
      } catch (error) {
        unit.result = { isDone: false, error };
      }
    }
    return unit;
  });
  const groups = new Map<number, Unit[]>();
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const groupCount = Math.max(concurrency, Math.ceil(units.length / MAX_UNITS_PER_TRANSACTION));
  for (const unit of units) {
    if (unit.result) continue;
    const key = unit.subject?.customerId ?? unit.subject?.tenantHint ?? unit.event.id;
    const group = [...key].reduce((hash, character) => (hash * 31 + character.charCodeAt(0)) >>> 0, 7) % groupCount;
    groups.set(group, [...(groups.get(group) ?? []), unit]);
  }
  // A customer with very many events in one batch still gets transactions of bounded size; they run
  // one after another (side by side they would only wait for each other's tenant locks).
  const jobs = [...groups.values()];
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
    for (let group = jobs.shift(); group; group = jobs.shift()) {
      for (let start = 0; start < group.length; start += MAX_UNITS_PER_TRANSACTION) {
        const chunk = group.slice(start, start + MAX_UNITS_PER_TRANSACTION);
        try {
          await applyGroup(chunk, options.tenantCache);
        } catch (error) {
          // Nothing of this transaction was committed, whatever its units had done.
          for (const unit of chunk) unit.result = { isDone: false, error };
        }
      }
    }
  }));

  const committed = units.filter((unit) => unit.result?.isDone && unit.result.applied.outcome === "applied");
  // After commit: the tenants' cached contexts carry their plan.
  await invalidateTenantCache(...new Set(committed.filter((unit) => unit.effects.isPlanChanged).map((unit) => tenantOf(unit)!.subdomain)));
  const audited = recordAuditEvents(committed.map((unit) => auditOf(tenantOf(unit)!, unit.event, unit.subject!, unit.effects)));
  if (options.deferAudit) options.deferAudit(audited);
  else await audited;
  return units.map((unit) => unit.result!);
}
