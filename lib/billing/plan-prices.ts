import { getConfig } from "@/lib/config";
import { PAID_PLAN_TIERS, PLANS, type PaidPlanTier } from "@/lib/plans/plans";

/** The Stripe price id of a paid plan: its environment variable, else the development id. */
export function stripePriceIdFor(tier: PaidPlanTier): string {
  const price = PLANS[tier].stripePrice;
  if (!price) throw new Error(`plan ${tier} has no Stripe price`);
  return getConfig()[price.env] ?? price.developmentId;
}

/** The plan a Stripe price id stands for, or null for a price the plans table does not know. */
export function planTierForPrice(priceId: string): PaidPlanTier | null {
  return PAID_PLAN_TIERS.find((tier) => stripePriceIdFor(tier) === priceId) ?? null;
}
