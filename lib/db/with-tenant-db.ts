import type { Prisma } from "@/generated/prisma/client";
import { getPrisma } from "./client";
import { tenantScope } from "./tenant-scope";

/** The client a tenant-scoped unit of work receives: a transaction bound to one tenant. */
export type TenantDb = Prisma.TransactionClient;

export interface TenantDbOptions {
  isolationLevel?: Prisma.TransactionIsolationLevel;
  timeoutMs?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `work` in one transaction in which PostgreSQL's row-level security sees `tenantId`
 * (`app.tenant_id`, transaction-local so a pooled connection never carries it further) and every
 * Prisma model query is filtered and stamped with the same id.
 */
export async function withTenantDb<T>(
  tenantId: string,
  work: (db: TenantDb) => Promise<T>,
  options: TenantDbOptions = {},
): Promise<T> {
  if (!UUID.test(tenantId)) throw new TypeError("withTenantDb needs a tenant UUID");
  const scoped = getPrisma().$extends(tenantScope(tenantId));
  return scoped.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
      return work(tx as unknown as TenantDb);
    },
    { isolationLevel: options.isolationLevel, timeout: options.timeoutMs ?? 15_000 },
  );
}
