import { AppError } from "@/lib/errors";
import { isTransientBillingError } from "./is-transient-billing-error";

/** For `.catch` on Stripe calls a user waits for: Stripe unreachable or failing is a 503 (retry), not a 500. */
export function rethrowStripeError(error: unknown): never {
  if (isTransientBillingError(error)) {
    console.error("Stripe unavailable", error);
    throw new AppError("service_unavailable", "Our payment provider is unavailable; try again shortly.", undefined, { "Retry-After": "5" });
  }
  throw error;
}
