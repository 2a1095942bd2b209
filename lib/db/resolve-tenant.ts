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

export interface TenantWithApiKeyRow {
  tenant: TenantRow;
  /** The live key of that tenant with the hash; null if there is none. */
  key: { id: string; name: string; prefix: string; role_mask: number; last_used_at: Date | null } | null;
}

interface AuthenticateRow {
  tenant_id: string;
  tenant_name: string;
  tenant_subdomain: string;
  tenant_plan_tier: string;
  key_id: string | null;
  key_name: string;
  key_prefix: string;
  key_role_mask: number;
  key_last_used_at: Date | null;
}

/**
 * The tenant of a subdomain and its live API key with this hash, in one round trip
 * (app_authenticate_api_key: the resolver above, then the key read under row-level security with
 * the tenant set). Null when there is no such tenant. A statement of its own, never inside a
 * transaction: the function sets app.tenant_id for the rest of the calling transaction.
 */
export async function resolveTenantWithApiKey(subdomain: string, keyHash: string): Promise<TenantWithApiKeyRow | null> {
  const [row] = await querySql<AuthenticateRow>("SELECT * FROM app_authenticate_api_key($1, $2)", [subdomain, keyHash]);
  if (!row) return null;
  return {
    tenant: { id: row.tenant_id, name: row.tenant_name, subdomain: row.tenant_subdomain, plan_tier: row.tenant_plan_tier },
    key: row.key_id === null ? null : { id: row.key_id, name: row.key_name, prefix: row.key_prefix, role_mask: row.key_role_mask, last_used_at: row.key_last_used_at },
  };
}
