import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { getStripe, type Stripe } from "./stripe-client";

// Stripe's default: a signature older than five minutes is refused, so a captured delivery cannot be
// replayed later.
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * The event, if `rawBody` carries a valid Stripe-Signature from our endpoint secret. The HMAC covers
 * the exact bytes Stripe sent, so the body must not have been parsed and re-serialised on the way.
 */
export function verifyStripeWebhook(rawBody: Buffer, signature: string | null): Stripe.Event {
  if (!signature) throw new AppError("bad_request", "Missing Stripe-Signature header.");
  try {
    return getStripe().webhooks.constructEvent(rawBody, signature, getConfig().STRIPE_WEBHOOK_SECRET, SIGNATURE_TOLERANCE_SECONDS);
  } catch {
    throw new AppError("bad_request", "The Stripe signature does not match this body, or it is too old.");
  }
}
