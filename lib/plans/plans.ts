// The subscription tiers and what each allows. Billing (Stripe price ids) and enforcement build on
// this one table.
export const PLAN_TIERS = ["free", "starter", "pro", "agency"] as const;
export type PlanTier = (typeof PLAN_TIERS)[number];

export interface Plan {
  tier: PlanTier;
  name: string;
  monthlyPriceCents: number;
  summary: string;
  limits: { sites: number; users: number; auditRetentionDays: number; apiRequestsPerMinute: number };
}

export const PLANS: Record<PlanTier, Plan> = {
  free: {
    tier: "free", name: "Free", monthlyPriceCents: 0, summary: "Try ROI tracking on a couple of sites.",
    limits: { sites: 2, users: 2, auditRetentionDays: 30, apiRequestsPerMinute: 60 },
  },
  starter: {
    tier: "starter", name: "Starter", monthlyPriceCents: 4_900, summary: "For freelancers and small teams.",
    limits: { sites: 10, users: 5, auditRetentionDays: 365, apiRequestsPerMinute: 300 },
  },
  pro: {
    tier: "pro", name: "Pro", monthlyPriceCents: 14_900, summary: "For growing agencies reporting to many clients.",
    limits: { sites: 50, users: 20, auditRetentionDays: 365, apiRequestsPerMinute: 1_200 },
  },
  agency: {
    tier: "agency", name: "Agency", monthlyPriceCents: 39_900, summary: "For large agencies and integrations.",
    limits: { sites: 500, users: 100, auditRetentionDays: 730, apiRequestsPerMinute: 6_000 },
  },
};
