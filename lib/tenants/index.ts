export type { TenantContext } from "./tenant-context";
export { getTenantBySubdomain, invalidateTenantCache, isTenantCachedLocally, cacheTenant, tenantContextOf } from "./get-tenant-by-subdomain";
export { createTenant, tenantUrl, type CreatedTenant } from "./create-tenant";
export { signUpSchema, type SignUp } from "./sign-up-schema";
export { tenantSubdomainFromHeaders } from "./tenant-subdomain-from-headers";
