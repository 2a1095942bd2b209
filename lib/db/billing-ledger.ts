import type { Prisma } from "@/generated/prisma/client";
import { getPrisma } from "./client";
import { withWorkerSql, type TenantSql, type WorkerSql } from "./tenant-sql";
import type { TenantDb } from "./with-tenant-db";

// The processed-Stripe-event ledger (billing_events) and the reconciler's watermark. Both are platform
// tables under row-level security keyed on the billing worker's transaction flag, so only these
// functions (which set it) can read or write them. See prisma/migrations/20261129030000_billing.

export interface LedgerEvent {
  id: string;
  type: string;
  created: Date;
}

/** What applying an event amounted to; `detail` is kept on the ledger row (why it was ignored). */
export interface LedgerOutcome {
  status: "applied" | "ignored";
  detail?: string;
}

export interface BillingTenant {
  id: string;
  subdomain: string;
  stripeCustomerId: string | null;
}

export interface LapsedSubscription {
  tenantId: string;
  subscriptionId: string;
  subdomain: string;
}

const MAX_ERROR_LENGTH = 2_000;

async function markBillingWorker(db: Prisma.TransactionClient | TenantDb): Promise<void> {
  await db.$executeRaw`SELECT set_config('app.billing_worker', 'on', true)`;
}

async function inWorkerTransaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return getPrisma().$transaction(async (tx) => {
    await markBillingWorker(tx);
    return work(tx);
  });
}

/** A billing worker transaction on the raw path (tenant-sql.ts): many events share its commit. */
export function withBillingWorker<T>(work: (sql: WorkerSql) => Promise<T>, options: { isolateUnits: boolean }): Promise<T> {
  return withWorkerSql(work, { "app.billing_worker": "on" }, options);
}

/**
 * Runs an event's effects exactly once, as its tenant, in the worker's transaction: the event id is
 * inserted into the ledger first (an id already there as applied or ignored ends it: "duplicate"; a
 * failed, dead-lettered one is taken over by this attempt), then the tenant's billing lock is taken so
 * its events apply one at a time, then `work` runs. The ledger row and the effects share their fate:
 * an error undoes both (with the whole transaction, or with the unit's savepoint when units are isolated).
 */
export async function applyEventOnce(
  sql: WorkerSql,
  event: LedgerEvent,
  tenantId: string,
  work: (sql: TenantSql) => Promise<LedgerOutcome>,
): Promise<LedgerOutcome | "duplicate"> {
  return sql.asTenant(tenantId, async (tenantSql) => {
    // One round trip: the ledger row, and (only if this transaction claimed it) the tenant's lock.
    const claimed = await tenantSql.query<{ event_id: string }>(
      `WITH claimed AS (
        INSERT INTO billing_events (event_id, type, event_created, status, applied_tenant_id)
        VALUES ($1, $2, $3, 'applied', $4::uuid)
        ON CONFLICT (event_id) DO UPDATE
          SET status = 'applied', applied_tenant_id = EXCLUDED.applied_tenant_id, error = NULL,
              attempts = billing_events.attempts + 1, processed_at = now()
          WHERE billing_events.status = 'failed'
        RETURNING event_id
      )
      SELECT event_id, pg_advisory_xact_lock(hashtextextended('billing:' || $4, 0))::text AS locked FROM claimed`,
      [event.id, event.type, event.created, tenantId],
    );
    if (claimed.length === 0) return "duplicate";
    const outcome = await work(tenantSql);
    if (outcome.status !== "applied" || outcome.detail !== undefined) {
      await tenantSql.query("UPDATE billing_events SET status = $2, error = $3 WHERE event_id = $1", [event.id, outcome.status, outcome.detail ?? null]);
    }
    return outcome;
  });
}

/** Records an event with nothing to apply (no tenant has its customer, unhandled type). */
export async function recordIgnoredEvent(sql: WorkerSql, event: LedgerEvent, detail: string): Promise<"ignored" | "duplicate"> {
  const inserted = await sql.asTenant(null, (platformSql) => platformSql.query(
    `INSERT INTO billing_events (event_id, type, event_created, status, error)
     VALUES ($1, $2, $3, 'ignored', $4)
     ON CONFLICT (event_id) DO UPDATE SET status = 'ignored', error = EXCLUDED.error, processed_at = now()
       WHERE billing_events.status = 'failed'
     RETURNING event_id`,
    [event.id, event.type, event.created, detail],
  ));
  return inserted.length > 0 ? "ignored" : "duplicate";
}

/** Marks a dead-lettered event failed with its last error; an applied or ignored record is kept. */
export async function recordFailedEvent(event: LedgerEvent, error: string, attempts: number): Promise<void> {
  const message = error.slice(0, MAX_ERROR_LENGTH);
  await inWorkerTransaction((tx) => tx.$executeRaw`
    INSERT INTO billing_events (event_id, type, event_created, status, attempts, error)
    VALUES (${event.id}, ${event.type}, ${event.created}, 'failed', ${attempts}, ${message})
    ON CONFLICT (event_id) DO UPDATE
      SET attempts = billing_events.attempts + EXCLUDED.attempts, error = EXCLUDED.error, processed_at = now()
      WHERE billing_events.status = 'failed'`);
}

/** The ids among `eventIds` that the ledger holds in any status. */
export async function findRecordedEventIds(eventIds: string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await inWorkerTransaction((tx) =>
    tx.$queryRaw<{ event_id: string }[]>`SELECT event_id FROM billing_events WHERE event_id = ANY(${eventIds})`,
  );
  return new Set(rows.map((row) => row.event_id));
}

/**
 * For each criterion, the tenants its event may belong to: the one with this id and the one with
 * this Stripe customer. One statement for a whole batch of events.
 */
export async function findBillingTenants(sql: TenantSql, criteria: { tenantId: string | null; customerId: string | null }[]): Promise<BillingTenant[][]> {
  if (criteria.length === 0) return [];
  const rows = await sql.query<{ ord: number; id: string; subdomain: string; stripe_customer_id: string | null }>(
    `SELECT c.ord::int AS ord, t.id, t.subdomain, t.stripe_customer_id
       FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS c(tenant_id, customer_id, ord)
       CROSS JOIN LATERAL app_billing_tenant(c.tenant_id, c.customer_id) t`,
    [criteria.map((criterion) => criterion.tenantId), criteria.map((criterion) => criterion.customerId)],
  );
  const found: BillingTenant[][] = criteria.map(() => []);
  for (const row of rows) found[row.ord - 1]!.push({ id: row.id, subdomain: row.subdomain, stripeCustomerId: row.stripe_customer_id });
  return found;
}

/** subdomain -> the plan the tenant selector resolves for it (app_resolve_tenant), in one statement. */
export async function readPlanTiers(sql: TenantSql, subdomains: string[]): Promise<Map<string, string>> {
  if (subdomains.length === 0) return new Map();
  const rows = await sql.query<{ subdomain: string; plan_tier: string }>(
    "SELECT r.subdomain, r.plan_tier FROM unnest($1::text[]) AS s(subdomain) CROSS JOIN LATERAL app_resolve_tenant(s.subdomain) r",
    [subdomains],
  );
  return new Map(rows.map((row) => [row.subdomain, row.plan_tier]));
}

/** Live subscriptions (any tenant) whose period ended before `before`, oldest first. */
export async function listLapsedSubscriptions(before: Date, limit: number): Promise<LapsedSubscription[]> {
  const rows = await inWorkerTransaction((tx) =>
    tx.$queryRaw<{ tenant_id: string; id: string; subdomain: string }[]>`
      SELECT * FROM app_billing_lapsed_subscriptions(${before}, ${limit}::integer)`,
  );
  return rows.map((row) => ({ tenantId: row.tenant_id, subscriptionId: row.id, subdomain: row.subdomain }));
}

export async function readBillingWatermark(name: string): Promise<Date | null> {
  const rows = await inWorkerTransaction((tx) =>
    tx.$queryRaw<{ watermark: Date }[]>`SELECT watermark FROM billing_watermarks WHERE name = ${name}`,
  );
  return rows[0]?.watermark ?? null;
}

/** Moves the watermark forward (never back: two overlapping reconcilers cannot undo each other). */
export async function advanceBillingWatermark(name: string, watermark: Date): Promise<void> {
  await inWorkerTransaction((tx) => tx.$executeRaw`
    INSERT INTO billing_watermarks (name, watermark) VALUES (${name}, ${watermark})
    ON CONFLICT (name) DO UPDATE SET watermark = GREATEST(billing_watermarks.watermark, EXCLUDED.watermark), updated_at = now()`);
}
