import { querySql } from "./tenant-sql";

export interface TenantRow {
  id: string;
  name: string;
  subdomain: string;
  plan_tier: string;
}

/** Looks a tenant up by subdomain through the SECURITY DEFINER resolver (no tenant context needed). */
export async function resolveTenantRow(subdomain: string): Promise<TenantRow | null> {
  // Every request of a tenant whose entry left the caches comes here: the raw path, one round trip.
  const rows = await querySql<TenantRow>("SELECT id, name, subdomain, plan_tier FROM app_resolve_tenant($1)", [subdomain]);
  return rows[0] ?? null;
}
