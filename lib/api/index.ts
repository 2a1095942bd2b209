export { withTenant, type TenantRequestContext, type TenantHandler, type Principal } from "./with-tenant";
export { withPublic } from "./with-public";
export { ROUTE_GUARD, guardOf, type RouteGuard } from "./route-guard";
