// Request header that carries the tenant subdomain from the edge middleware to Node code; only the middleware sets it.
export const TENANT_HEADER = "x-tenant-subdomain";
