import type { TenantSql } from "@/lib/db";
import { planTierForPrice } from "./plan-prices";
import type { SubscriptionSnapshot } from "./to-subscription-snapshot";

/** The event a state comes from: Stripe's event id and creation time (whole seconds). */
export interface EventStamp {
  eventId: string;
  created: Date;
}

export interface SubscriptionStateInput {
  stripeSubId: string;
  stamp: EventStamp;
  /** The state the event carries; null for events that carry none (invoices, Checkout). */
  snapshot: SubscriptionSnapshot | null;
  fetchCurrent: (stripeSubId: string) => Promise<SubscriptionSnapshot>;
}

export interface SubscriptionChange {
  isStale: boolean;
  isPlanChanged: boolean;
}

/**
 * Stores a subscription's state unless the row already holds a newer one. Stripe does not deliver in
 * order, so each row remembers the event its state came from:
 *  - an event created before it is stale and changes nothing;
 *  - an event created after it is applied as it stands;
 *  - an event created in the same second cannot be ordered by time (and Stripe ids are not ordered),
 *    so the state is re-read from Stripe, which is newer than both: the result is the same whatever
 *    order the two arrived in.
 * Events without a subscription state (invoices, Checkout) always re-read it.
 * Runs under the tenant's billing lock (applyEventOnce), so the read and the write cannot interleave.
 */
interface StoredSubscription {
  id: string;
  status: string;
  plan_tier: string;
  past_due_since: Date | null;
  status_event_created: Date | null;
}

// The common case in one round trip: an event that carries a known plan's state is written unless
// the row holds a state of the same second or later (the guard is in the WHERE of the upsert), and
// the row as it was comes back for the caller's comparison. Runs under the tenant's billing lock.
const WRITE_IF_NEWER = `
  WITH existing AS (
    SELECT status, plan_tier, status_event_created FROM subscriptions WHERE tenant_id = $1::uuid AND stripe_sub_id = $2
  ),
  written AS (
    INSERT INTO subscriptions AS s (tenant_id, stripe_sub_id, status, plan_tier, stripe_price_id, expires_at, current_period_start,
           cancel_at_period_end, trial_end, canceled_at, past_due_since, status_event_created, status_event_id)
    VALUES ($1::uuid, $2, $3::varchar, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $3::varchar = 'past_due' THEN $11::timestamptz END, $11, $12)
    ON CONFLICT (tenant_id, stripe_sub_id) DO UPDATE
       SET status = EXCLUDED.status, plan_tier = EXCLUDED.plan_tier, stripe_price_id = EXCLUDED.stripe_price_id,
           expires_at = EXCLUDED.expires_at, current_period_start = EXCLUDED.current_period_start,
           cancel_at_period_end = EXCLUDED.cancel_at_period_end, trial_end = EXCLUDED.trial_end, canceled_at = EXCLUDED.canceled_at,
           past_due_since = CASE WHEN EXCLUDED.status <> 'past_due' THEN NULL
                                 WHEN s.status = 'past_due' AND s.past_due_since IS NOT NULL THEN s.past_due_since
                                 ELSE EXCLUDED.status_event_created END,
           status_event_created = EXCLUDED.status_event_created, status_event_id = EXCLUDED.status_event_id, updated_at = now()
     WHERE s.status_event_created IS NULL OR s.status_event_created < EXCLUDED.status_event_created
    RETURNING 1
  )
  SELECT e.status, e.plan_tier, e.status_event_created, (SELECT count(*) FROM written)::int AS written
    FROM (SELECT 1) AS one LEFT JOIN existing e ON true`;

export async function applySubscriptionState(sql: TenantSql, tenantId: string, input: SubscriptionStateInput): Promise<SubscriptionChange> {
  const { stamp, stripeSubId, snapshot } = input;
  const knownPlan = snapshot === null ? null : planTierForPrice(snapshot.priceId);
  if (snapshot !== null && knownPlan !== null) {
    const [row] = await sql.query<{ status: string | null; plan_tier: string | null; status_event_created: Date | null; written: number }>(WRITE_IF_NEWER, [
      tenantId, stripeSubId, snapshot.status, knownPlan, snapshot.priceId, snapshot.expiresAt, snapshot.currentPeriodStart,
      snapshot.cancelAtPeriodEnd, snapshot.trialEnd, snapshot.canceledAt, stamp.created, stamp.eventId,
    ]);
    if (row!.written > 0) return { isStale: false, isPlanChanged: row!.plan_tier !== knownPlan || row!.status !== snapshot.status };
    // Not written: the row is newer (stale event), or of the same second, which Stripe settles below.
    if (row!.status_event_created?.getTime() !== stamp.created.getTime()) return { isStale: true, isPlanChanged: false };
  }
  return applyReadState(sql, tenantId, input);
}

/** The general case: read the row, decide, re-read Stripe where needed, write. */
async function applyReadState(sql: TenantSql, tenantId: string, input: SubscriptionStateInput): Promise<SubscriptionChange> {
  const { stamp, stripeSubId } = input;
  const [existing] = await sql.query<StoredSubscription>(
    "SELECT id, status, plan_tier, past_due_since, status_event_created FROM subscriptions WHERE tenant_id = $1::uuid AND stripe_sub_id = $2",
    [tenantId, stripeSubId],
  );
  const storedAt = existing?.status_event_created?.getTime();
  if (storedAt !== undefined && stamp.created.getTime() < storedAt) return { isStale: true, isPlanChanged: false };
  const isTie = storedAt !== undefined && stamp.created.getTime() === storedAt;
  const state = input.snapshot !== null && !isTie ? input.snapshot : await input.fetchCurrent(stripeSubId);

  const planTier = planTierForPrice(state.priceId);
  // A price the plans table does not know is a configuration error: fail (and dead-letter) rather
  // than silently downgrade a paying customer.
  if (planTier === null) throw new Error(`subscription ${stripeSubId} has price ${state.priceId}, which no plan uses`);
  // The grace period runs from the first event that found the subscription past due.
  const pastDueSince = state.status !== "past_due" ? null : existing?.status === "past_due" && existing.past_due_since ? existing.past_due_since : stamp.created;
  const values = [
    state.status, planTier, state.priceId, state.expiresAt, state.currentPeriodStart, state.cancelAtPeriodEnd, state.trialEnd,
    state.canceledAt, pastDueSince, stamp.created, stamp.eventId,
  ];
  if (existing) {
    await sql.query(
      `UPDATE subscriptions SET status = $3, plan_tier = $4, stripe_price_id = $5, expires_at = $6, current_period_start = $7,
              cancel_at_period_end = $8, trial_end = $9, canceled_at = $10, past_due_since = $11, status_event_created = $12,
              status_event_id = $13, updated_at = now()
        WHERE tenant_id = $1::uuid AND id = $2::uuid`,
      [tenantId, existing.id, ...values],
    );
  } else {
    await sql.query(
      `INSERT INTO subscriptions (tenant_id, stripe_sub_id, status, plan_tier, stripe_price_id, expires_at, current_period_start,
              cancel_at_period_end, trial_end, canceled_at, past_due_since, status_event_created, status_event_id)
       VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [tenantId, stripeSubId, ...values],
    );
  }
  return { isStale: false, isPlanChanged: existing?.plan_tier !== planTier || existing.status !== state.status };
}
