export { withTenant, type TenantRequestContext, type TenantHandler, type Principal } from "./with-tenant";
export { withPublic } from "./with-public";
export { withWebhook } from "./with-webhook";
export { withCron, hasCronSecret, isCronAuthorized } from "./with-cron";
export { ROUTE_GUARD, guardOf, type RouteGuard } from "./route-guard";
