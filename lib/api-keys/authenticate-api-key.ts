import { withTenantDb } from "@/lib/db";
import { hashApiKey, isApiKeyShaped } from "./api-key-secret";

export interface ApiKeyPrincipal {
  type: "api_key";
  keyId: string;
  label: string;
  roleMask: number;
}

// Writing last_used_at on every request would turn each API read into a write; a minute is enough.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The key's principal if it is a live key of this tenant. The lookup runs inside the tenant's
 * context, so another tenant's key is simply not found (no cross-host use).
 */
export async function authenticateApiKey(tenantId: string, key: string): Promise<ApiKeyPrincipal | null> {
  if (!isApiKeyShaped(key)) return null;
  const keyHash = hashApiKey(key);
  return withTenantDb(tenantId, async (db) => {
    const row = await db.apiKey.findFirst({ where: { keyHash, revokedAt: null } });
    if (!row) return null;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await db.apiKey.updateMany({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
    }
    return { type: "api_key", keyId: row.id, label: `${row.name} (${row.prefix}…)`, roleMask: row.roleMask };
  });
}
