import { PLANS, PLAN_TIERS, type Plan, type PlanTier } from "@/lib/plans/plans";

// Status -> entitlements, in one place. app_resolve_tenant (SQL, the plan shown in the tenant's
// context) follows the same rule; tests/integration/billing-entitlements.test.ts keeps them equal.
//   trialing, active            the plan's limits (until the period has lapsed unrenewed for a day)
//   past_due                    the plan's limits for a 7-day grace period, with a banner
//   canceled, unpaid, expired,
//   incomplete..., none         the free plan

export const LIVE_SUBSCRIPTION_STATUSES = ["active", "trialing", "past_due"] as const;
export const PAST_DUE_GRACE_MS = 7 * 24 * 3600 * 1000;
/** Stripe renews at the period end and tells us moments later; a day without word means it lapsed. */
export const LAPSE_GRACE_MS = 24 * 3600 * 1000;

export interface SubscriptionStanding {
  status: string;
  planTier: string;
  expiresAt: Date | null;
  pastDueSince: Date | null;
}

export interface Entitlements<S extends SubscriptionStanding = SubscriptionStanding> {
  planTier: PlanTier;
  limits: Plan["limits"];
  /** subscription: paid or trialing; grace: past due, still entitled until graceEndsAt; free: no paid plan. */
  basis: "subscription" | "grace" | "free";
  graceEndsAt: Date | null;
  /** The subscription the entitlements come from, if any. */
  subscription: S | null;
}

function isPlanTier(value: string): value is PlanTier {
  return (PLAN_TIERS as readonly string[]).includes(value);
}

/** When a past-due subscription's grace period ends (a missing start date counts as "just now"). */
export function graceEndOf(subscription: SubscriptionStanding, now: Date): Date {
  return new Date((subscription.pastDueSince ?? now).getTime() + PAST_DUE_GRACE_MS);
}

/** Whether this subscription grants its plan at `now`. */
export function isEntitling(subscription: SubscriptionStanding, now: Date): boolean {
  if (subscription.expiresAt !== null && subscription.expiresAt.getTime() <= now.getTime() - LAPSE_GRACE_MS) return false;
  if (subscription.status === "active" || subscription.status === "trialing") return true;
  return subscription.status === "past_due" && graceEndOf(subscription, now).getTime() > now.getTime();
}

/**
 * The tenant's entitlements from its subscriptions: the entitling one that runs longest (as the SQL
 * resolver orders them), else the free plan.
 */
export function resolveEntitlements<S extends SubscriptionStanding>(subscriptions: readonly S[], now: Date = new Date()): Entitlements<S> {
  const granting = subscriptions
    .filter((subscription) => isEntitling(subscription, now) && isPlanTier(subscription.planTier))
    .sort((a, b) => (b.expiresAt?.getTime() ?? -Infinity) - (a.expiresAt?.getTime() ?? -Infinity))[0];
  if (!granting) return { planTier: "free", limits: PLANS.free.limits, basis: "free", graceEndsAt: null, subscription: null };
  const planTier = granting.planTier as PlanTier;
  const isGrace = granting.status === "past_due";
  return {
    planTier,
    limits: PLANS[planTier].limits,
    basis: isGrace ? "grace" : "subscription",
    graceEndsAt: isGrace ? graceEndOf(granting, now) : null,
    subscription: granting,
  };
}
