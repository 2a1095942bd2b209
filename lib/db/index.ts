export { getPrisma, disconnectPrisma } from "./client";
export { withTenantDb, type TenantDb, type TenantDbOptions } from "./with-tenant-db";
export { isUniqueViolation } from "./errors";
export { resolveTenantRow, type TenantRow } from "./resolve-tenant";
