import type { TenantDb } from "./with-tenant-db";

/**
 * Serialises one kind of change within a tenant for the rest of the transaction (e.g. "sites", so two
 * concurrent creations cannot both pass a plan limit).
 */
export async function lockTenantResource(db: TenantDb, resource: string): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(app_current_tenant_id()::text || ':' || ${resource}, 0))`;
}
