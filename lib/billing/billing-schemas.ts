import { z } from "zod";
import { PAID_PLAN_TIERS } from "@/lib/plans/plans";

export const checkoutRequestSchema = z.object({ planTier: z.enum(PAID_PLAN_TIERS) }).strict();
export type CheckoutRequest = z.infer<typeof checkoutRequestSchema>;
