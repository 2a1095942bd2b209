import { findBillingTenants, type BillingTenant } from "@/lib/db";

export type TenantResolution = { tenant: BillingTenant } | { ignoredBecause: string };
/** Resolutions remembered for one aggregator run (a customer's tenant does not change in between). */
export type TenantResolutionCache = Map<string, TenantResolution>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant an event belongs to. The Stripe customer decides: it is stored on the tenant when
 * Checkout starts. The tenant id our Checkout Session carried (client_reference_id, metadata) is only
 * trusted when it agrees: it may name a tenant with no customer yet (linked when the event is
 * applied), never one whose customer is another, and never contradict the customer's tenant.
 */
export async function resolveEventTenant(customerId: string | null, tenantHint: string | null, cache?: TenantResolutionCache): Promise<TenantResolution> {
  const hint = tenantHint !== null && UUID.test(tenantHint) ? tenantHint.toLowerCase() : null;
  if (customerId === null && hint === null) return { ignoredBecause: "the event names no customer" };
  const key = `${customerId ?? ""} ${hint ?? ""}`;
  const cached = cache?.get(key);
  if (cached) return cached;
  const resolution = decide(customerId, hint, await findBillingTenants({ tenantId: hint, customerId }));
  // Only a customer's own tenant is remembered: a link made while applying must not be overlooked.
  if ("tenant" in resolution && resolution.tenant.stripeCustomerId === customerId) cache?.set(key, resolution);
  return resolution;
}

function decide(customerId: string | null, hint: string | null, candidates: BillingTenant[]): TenantResolution {
  const byCustomer = customerId === null ? undefined : candidates.find((tenant) => tenant.stripeCustomerId === customerId);
  if (byCustomer) {
    return hint !== null && hint !== byCustomer.id
      ? { ignoredBecause: "the event names another tenant than its customer's" }
      : { tenant: byCustomer };
  }
  const byHint = candidates.find((tenant) => tenant.id === hint);
  if (!byHint) return { ignoredBecause: "no tenant has this Stripe customer" };
  if (byHint.stripeCustomerId !== null) return { ignoredBecause: "the tenant it names has a different Stripe customer" };
  return { tenant: byHint };
}
