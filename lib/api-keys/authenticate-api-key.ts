import { withTenantSql } from "@/lib/db";
import { hashApiKey, isApiKeyShaped } from "./api-key-secret";

export interface ApiKeyPrincipal {
  type: "api_key";
  keyId: string;
  label: string;
  roleMask: number;
}

// Writing last_used_at on every request would turn each API read into a write; a minute is enough.
const LAST_USED_RESOLUTION_MS = 60_000;
// Integrations call in bursts; a verified key is remembered in process for a few seconds, which takes
// a PostgreSQL transaction off each request (bench:roi). Revoking clears this process's entry at once;
// another server instance stops accepting the key within LOCAL_TTL_MS.
const LOCAL_TTL_MS = 5_000;
const LOCAL_MAX_ENTRIES = 10_000;
// On globalThis so every bundle of this process shares it (see lib/tenants/get-tenant-by-subdomain.ts).
const globalCache = globalThis as unknown as { roiVerifiedApiKeys?: Map<string, { principal: ApiKeyPrincipal; expiresAt: number }> };
const verified = (globalCache.roiVerifiedApiKeys ??= new Map());

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role_mask: number;
  last_used_at: Date | null;
}

const cacheKey = (tenantId: string, keyHash: string) => `${tenantId}:${keyHash}`;

/** Forgets verified keys of this process (after a revocation). */
export function forgetVerifiedApiKey(tenantId: string, keyId: string): void {
  for (const [key, entry] of verified) {
    if (key.startsWith(`${tenantId}:`) && entry.principal.keyId === keyId) verified.delete(key);
  }
}

/** Records the key's use after the request has been let through; a lost update costs nothing. */
function touchApiKey(tenantId: string, keyId: string): void {
  void withTenantSql(tenantId, (sql) => sql.query("UPDATE api_keys SET last_used_at = now() WHERE tenant_id = $1::uuid AND id = $2::uuid", [tenantId, keyId]), {
    isDurabilityOptional: true,
  }).catch((error: unknown) => console.error("recording an API key's last use failed", error));
}

/** A live key's principal, remembered in process; its last use is recorded if it is stale. */
export function acceptApiKey(tenantId: string, keyHash: string, row: ApiKeyRow): ApiKeyPrincipal {
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) touchApiKey(tenantId, row.id);
  const principal: ApiKeyPrincipal = { type: "api_key", keyId: row.id, label: `${row.name} (${row.prefix}…)`, roleMask: row.role_mask };
  if (verified.size >= LOCAL_MAX_ENTRIES) verified.delete(verified.keys().next().value!);
  verified.set(cacheKey(tenantId, keyHash), { principal, expiresAt: Date.now() + LOCAL_TTL_MS });
  return principal;
}

/**
 * The key's principal if it is a live key of this tenant. The lookup runs inside the tenant's
 * context, so another tenant's key is simply not found (no cross-host use).
 */
export async function authenticateApiKey(tenantId: string, key: string): Promise<ApiKeyPrincipal | null> {
  if (!isApiKeyShaped(key)) return null;
  const keyHash = hashApiKey(key);
  const hit = verified.get(cacheKey(tenantId, keyHash));
  if (hit && hit.expiresAt > Date.now()) return hit.principal;

  // Runs on every API request that misses the cache, so it takes the raw path (lib/db/tenant-sql.ts).
  const [row] = await withTenantSql(tenantId, (sql) =>
    sql.query<ApiKeyRow>(
      `SELECT id, name, prefix, role_mask, last_used_at FROM api_keys
        WHERE tenant_id = $1::uuid AND key_hash = $2 AND revoked_at IS NULL LIMIT 1`,
      [tenantId, keyHash],
    ), { readOnly: true });
  return row ? acceptApiKey(tenantId, keyHash, row) : null;
}
