import { resolveTenantWithApiKey } from "@/lib/db";
import { cacheTenant, tenantContextOf, type TenantContext } from "@/lib/tenants";
import { hashApiKey } from "./api-key-secret";
import { acceptApiKey, type ApiKeyPrincipal } from "./authenticate-api-key";

/**
 * The workspace of a host and the principal of an API key sent to it, in one PostgreSQL round trip.
 * For an API request whose workspace this process has not cached: resolving the workspace (Redis,
 * then PostgreSQL on a miss) and then checking the key would take two or three round trips, and the
 * key needs PostgreSQL anyway. tenant is null for an unknown workspace; principal is null when the key
 * is not a live key of that workspace (another workspace's key included).
 */
export async function authenticateApiKeyOnHost(subdomain: string, key: string): Promise<{ tenant: TenantContext | null; principal: ApiKeyPrincipal | null }> {
  const keyHash = hashApiKey(key);
  const found = await resolveTenantWithApiKey(subdomain, keyHash);
  const tenant = found ? tenantContextOf(found.tenant) : null;
  // Cached as the tenant lookup would: in process and in Redis (for sessions and refused hosts).
  await cacheTenant(subdomain, tenant);
  if (!tenant || !found?.key) return { tenant, principal: null };
  return { tenant, principal: acceptApiKey(tenant.id, keyHash, found.key) };
}
