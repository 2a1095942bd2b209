import { applyStripeEvents, type AppliedEvent } from "./apply-stripe-events";
import type { TenantResolutionCache } from "./resolve-event-tenant";
import type { StripeEventEnvelope } from "./stripe-object-schemas";

export type { AppliedEvent } from "./apply-stripe-events";

/**
 * Applies one Stripe event to PostgreSQL, at most once (a batch of one: see applyStripeEvents).
 * Throws on anything that may succeed later (Stripe or PostgreSQL unreachable) or needs a human
 * (malformed object, unknown price): the aggregator retries and eventually dead-letters it.
 */
export async function applyStripeEvent(event: StripeEventEnvelope, tenantCache?: TenantResolutionCache): Promise<AppliedEvent> {
  const [result] = await applyStripeEvents([event], { tenantCache });
  if (!result!.isDone) throw result!.error;
  return result!.applied;
}
