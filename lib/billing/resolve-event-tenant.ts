import { findBillingTenants, type BillingTenant, type TenantSql } from "@/lib/db";

export type TenantResolution = { tenant: BillingTenant } | { ignoredBecause: string };
/** Resolutions remembered for one aggregator run (a customer's tenant does not change in between). */
export type TenantResolutionCache = Map<string, TenantResolution>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TenantClaim {
  customerId: string | null;
  tenantHint: string | null;
}

/**
 * The tenant each event belongs to, in one statement for a batch. The Stripe customer decides: it is
 * stored on the tenant when Checkout starts. The tenant id our Checkout Session carried
 * (client_reference_id, metadata) is only trusted when it agrees: it may name a tenant with no
 * customer yet (linked when the event is applied), never one whose customer is another, and never
 * contradict the customer's tenant. Runs in a billing worker transaction (the lookup needs its flag).
 */
export async function resolveEventTenants(sql: TenantSql, claims: TenantClaim[], cache?: TenantResolutionCache): Promise<TenantResolution[]> {
  const resolutions = new Array<TenantResolution | undefined>(claims.length);
  const toLookUp = new Map<string, { customerId: string | null; hint: string | null; indexes: number[] }>();
  claims.forEach(({ customerId, tenantHint }, index) => {
    const hint = tenantHint !== null && UUID.test(tenantHint) ? tenantHint.toLowerCase() : null;
    if (customerId === null && hint === null) {
      resolutions[index] = { ignoredBecause: "the event names no customer" };
      return;
    }
    const key = `${customerId ?? ""} ${hint ?? ""}`;
    const cached = cache?.get(key);
    if (cached) resolutions[index] = cached;
    else toLookUp.set(key, { customerId, hint, indexes: [...(toLookUp.get(key)?.indexes ?? []), index] });
  });
  const lookups = [...toLookUp];
  const found = await findBillingTenants(sql, lookups.map(([, { customerId, hint }]) => ({ tenantId: hint, customerId })));
  lookups.forEach(([key, { customerId, hint, indexes }], position) => {
    const resolution = decide(customerId, hint, found[position]!);
    // Only a customer's own tenant is remembered: a link made while applying must not be overlooked.
    if ("tenant" in resolution && resolution.tenant.stripeCustomerId === customerId) cache?.set(key, resolution);
    for (const index of indexes) resolutions[index] = resolution;
  });
  return resolutions as TenantResolution[];
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
