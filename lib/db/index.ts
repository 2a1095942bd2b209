export { getPrisma, disconnectPrisma } from "./client";
export { withTenantDb, type TenantDb, type TenantDbOptions } from "./with-tenant-db";
export { withTenantSql, querySql, getPgPool, disconnectPgPool, TransactionAbortedError, type TenantSql, type WorkerSql } from "./tenant-sql";
export { isUniqueViolation } from "./errors";
export { resolveTenantRow, resolveTenantWithApiKey, type TenantRow, type TenantWithApiKeyRow } from "./resolve-tenant";
export { lockTenantResource } from "./lock-tenant-resource";
export {
  withBillingWorker,
  applyEventOnce,
  recordIgnoredEvent,
  recordFailedEvent,
  findRecordedEventIds,
  findBillingTenants,
  readPlanTiers,
  listLapsedSubscriptions,
  readBillingWatermark,
  advanceBillingWatermark,
  type LedgerEvent,
  type LedgerOutcome,
  type BillingTenant,
  type LapsedSubscription,
} from "./billing-ledger";
