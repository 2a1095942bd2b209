import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { authenticateApiKey, type ApiKeyPrincipal } from "@/lib/api-keys";
import type { UserPrincipal } from "@/lib/auth/authenticate-user";
import { getSessionPrincipal, isSecureRequest, sessionCookieName } from "@/lib/auth/get-session-principal";
import { hasPermission, type Permission } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { getTenantBySubdomain, tenantSubdomainFromHeaders, type TenantContext } from "@/lib/tenants";
import { markGuard } from "./route-guard";

export type Principal = UserPrincipal | ApiKeyPrincipal;

export interface TenantRequestContext {
  tenant: TenantContext;
  principal: Principal;
  requestId: string;
  params: Record<string, string | string[]>;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };
export type TenantHandler = (request: NextRequest, context: TenantRequestContext) => Promise<Response>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

async function authenticate(request: NextRequest, tenant: TenantContext): Promise<Principal | null> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    // An Authorization header is an API-key attempt; it never falls back to the cookie.
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match ? authenticateApiKey(tenant.id, match[1]!) : null;
  }
  const cookie = request.cookies.get(sessionCookieName(isSecureRequest(request.headers)));
  return getSessionPrincipal(tenant, cookie?.value);
}

/** Cookie-authenticated writes must come from our own page on this host (CSRF). */
function assertSameOrigin(request: NextRequest): void {
  const origin = request.headers.get("origin");
  const host = request.headers.get("host");
  let originHost: string | undefined;
  try {
    originHost = origin ? new URL(origin).host : undefined;
  } catch {
    originHost = undefined;
  }
  if (!originHost || originHost !== host) {
    throw new AppError("forbidden", "Cross-origin request refused.");
  }
}

/**
 * The one wrapper for tenant API handlers: resolves the tenant from the host, authenticates by
 * session or API key, checks the route's permission (deny by default) and maps every error to the
 * JSON error shape. Another tenant's host, an unknown subdomain, or a missing tenant are all 404.
 */
export function withTenant(handler: TenantHandler, options: { permission: Permission }) {
  const wrapped = async (request: NextRequest, routeContext: RouteContext): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const subdomain = tenantSubdomainFromHeaders(request.headers);
      const tenant = subdomain ? await getTenantBySubdomain(subdomain) : null;
      if (!tenant) throw new AppError("not_found", "No such workspace.");
      const principal = await authenticate(request, tenant);
      if (!principal) throw new AppError("unauthorized", "Sign in or send a valid API key for this workspace.");
      if (principal.type === "user" && !SAFE_METHODS.has(request.method)) assertSameOrigin(request);
      if (!hasPermission(principal.roleMask, options.permission)) {
        throw new AppError("forbidden", "Your role does not allow this.");
      }
      const params = (await routeContext?.params) ?? {};
      const response = await handler(request, { tenant, principal, requestId, params });
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
  return markGuard(wrapped, { kind: "tenant", permission: options.permission });
}
