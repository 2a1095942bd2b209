import { PLANS, PLAN_TIERS, type PlanTier } from "@/lib/plans/plans";

const DAY_MS = 24 * 60 * 60 * 1000;

function isPlanTier(value: string): value is PlanTier {
  return (PLAN_TIERS as readonly string[]).includes(value);
}

/** How many days a tenant on this plan keeps its audit events; an unknown tier gets the free plan's. */
export function auditRetentionDays(planTier: string): number {
  return PLANS[isPlanTier(planTier) ? planTier : "free"].limits.auditRetentionDays;
}

/** When an event expires: its time plus the plan's retention (MongoDB's TTL index removes it then). */
export function auditExpireAt(occurredAt: Date, planTier: string): Date {
  return new Date(occurredAt.getTime() + auditRetentionDays(planTier) * DAY_MS);
}
