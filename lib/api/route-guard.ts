import type { Permission } from "@/lib/auth/roles";

// Every exported route handler carries a guard description; a test walks the route files and
// fails on any handler without one (a handler that forgot its wrapper is never shipped).
export const ROUTE_GUARD = Symbol.for("roispectrum.routeGuard");

export type RouteGuard =
  | { kind: "tenant"; permission: Permission }
  | { kind: "public"; reason: string }
  | { kind: "cron" }
  | { kind: "webhook" };

export type GuardedHandler<H> = H & { [ROUTE_GUARD]: RouteGuard };

/** Attaches the guard description to a handler. */
export function markGuard<H extends object>(handler: H, guard: RouteGuard): GuardedHandler<H> {
  return Object.assign(handler, { [ROUTE_GUARD]: guard });
}

/** The guard of a handler, if it has one. */
export function guardOf(handler: unknown): RouteGuard | undefined {
  return typeof handler === "function" ? (handler as { [ROUTE_GUARD]?: RouteGuard })[ROUTE_GUARD] : undefined;
}
