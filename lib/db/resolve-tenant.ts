import { getPrisma } from "./client";

export interface TenantRow {
  id: string;
  name: string;
  subdomain: string;
  plan_tier: string;
}

/** Looks a tenant up by subdomain through the SECURITY DEFINER resolver (no tenant context needed). */
export async function resolveTenantRow(subdomain: string): Promise<TenantRow | null> {
  const rows = await getPrisma().$queryRaw<TenantRow[]>`SELECT * FROM app_resolve_tenant(${subdomain})`;
  return rows[0] ?? null;
}
