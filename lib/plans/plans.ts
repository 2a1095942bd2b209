// The subscription tiers and what each allows. Billing (Stripe price ids) and enforcement build on
// this one table. It stays free of server configuration so client components may import it; the
// price ids are read from the environment by lib/billing/plan-prices.ts.
export const PLAN_TIERS = ["free", "starter", "pro", "agency"] as const;
export type PlanTier = (typeof PLAN_TIERS)[number];

export interface Plan {
  tier: PlanTier;
  name: string;
  monthlyPriceCents: number;
  summary: string;
  limits: { sites: number; users: number; auditRetentionDays: number; apiRequestsPerMinute: number };
  /** The monthly Stripe price: its id comes from `env` in production, else `developmentId` (the stand-in's). */
  stripePrice: { env: "STRIPE_PRICE_STARTER" | "STRIPE_PRICE_PRO" | "STRIPE_PRICE_AGENCY"; developmentId: string } | null;
}

export type PaidPlanTier = Exclude<PlanTier, "free">;
export const PAID_PLAN_TIERS = ["starter", "pro", "agency"] as const satisfies readonly PaidPlanTier[];

export const PLANS: Record<PlanTier, Plan> = {
  free: {
    tier: "free", name: "Free", monthlyPriceCents: 0, summary: "Try ROI tracking on a couple of sites.",
    limits: { sites: 2, users: 2, auditRetentionDays: 30, apiRequestsPerMinute: 60 },
    stripePrice: null,
  },
  starter: {
    tier: "starter", name: "Starter", monthlyPriceCents: 4_900, summary: "For freelancers and small teams.",
    limits: { sites: 10, users: 5, auditRetentionDays: 365, apiRequestsPerMinute: 300 },
    stripePrice: { env: "STRIPE_PRICE_STARTER", developmentId: "price_starter_monthly" },
  },
  pro: {
    tier: "pro", name: "Pro", monthlyPriceCents: 14_900, summary: "For growing agencies reporting to many clients.",
    limits: { sites: 50, users: 20, auditRetentionDays: 365, apiRequestsPerMinute: 1_200 },
    stripePrice: { env: "STRIPE_PRICE_PRO", developmentId: "price_pro_monthly" },
  },
  agency: {
    tier: "agency", name: "Agency", monthlyPriceCents: 39_900, summary: "For large agencies and integrations.",
    limits: { sites: 500, users: 100, auditRetentionDays: 730, apiRequestsPerMinute: 6_000 },
    stripePrice: { env: "STRIPE_PRICE_AGENCY", developmentId: "price_agency_monthly" },
  },
};
