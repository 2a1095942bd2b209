import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { authenticateApiKey, authenticateApiKeyOnHost, isApiKeyShaped, type ApiKeyPrincipal } from "@/lib/api-keys";
import type { UserPrincipal } from "@/lib/auth/authenticate-user";
import { getSessionPrincipal, isSecureRequest, sessionCookieName } from "@/lib/auth/get-session-principal";
import { hasPermission, type Permission } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { apiQuotaError, apiQuotaHeaders, consumeApiQuota, isHostOverQuota, knownApiQuotaRefusal, markHostOverQuota, type QuotaDecision } from "@/lib/rate-limit";
import { getTenantBySubdomain, isTenantCachedLocally, tenantSubdomainFromHeaders, type TenantContext } from "@/lib/tenants";
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

/** The Authorization header's bearer token; null for a header of another form, undefined for none. */
function bearerToken(request: NextRequest): string | null | undefined {
  const authorization = request.headers.get("authorization");
  if (authorization === null) return undefined;
  return /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? null;
}

async function authenticate(request: NextRequest, tenant: TenantContext): Promise<Principal | null> {
  const bearer = bearerToken(request);
  // An Authorization header is an API-key attempt; it never falls back to the cookie.
  if (bearer !== undefined) return bearer === null ? null : authenticateApiKey(tenant.id, bearer);
  const cookie = request.cookies.get(sessionCookieName(isSecureRequest(request.headers)));
  return getSessionPrincipal(tenant, cookie?.value);
}

/**
 * The request's tenant, and for an API-key request whose tenant this process has not cached, the
 * key's principal with it: one PostgreSQL round trip for both instead of the tenant lookup and then
 * the key check (principal undefined: not checked yet).
 */
async function resolveTenant(request: NextRequest, subdomain: string): Promise<{ tenant: TenantContext | null; principal?: Principal | null }> {
  const bearer = bearerToken(request);
  if (bearer && isApiKeyShaped(bearer) && !isTenantCachedLocally(subdomain) && !isHostOverQuota(subdomain)) {
    return authenticateApiKeyOnHost(subdomain, bearer);
  }
  return { tenant: await getTenantBySubdomain(subdomain) };
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

/** Sets headers on a handler's response; a response with immutable headers is copied first. */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  let target = response;
  try {
    for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
  } catch {
    target = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
  }
  return target;
}

/**
 * The 429 for a key request over the tenant's quota. Until the window ends, the host skips the
 * combined workspace-and-key lookup (a PostgreSQL query that would come before the refusal): its
 * tenant comes from the tenant cache, and the refusal from memory, before any key check.
 */
function refuseOverQuota(subdomain: string, decision: QuotaDecision): AppError {
  markHostOverQuota(subdomain, decision.resetAt);
  return apiQuotaError(decision);
}

/**
 * The one wrapper for tenant API handlers: resolves the tenant from the host, authenticates by
 * session or API key, takes one request from the tenant's per-minute API quota (lib/rate-limit/
 * api-quota.ts), checks the route's permission (deny by default) and maps every error to the JSON
 * error shape. Another tenant's host, an unknown subdomain, or a missing tenant are all 404.
 *
 * The quota counts requests authenticated by API key only: a stranger cannot spend a tenant's quota,
 * and a flood of keys never locks the tenant's own people (sessions) out of managing them. A write
 * waits for the quota before the handler runs. A read runs alongside the Redis round trip, and its
 * answer is replaced by the 429 if the quota says no: reads change nothing, and the round trip stays
 * off their latency. A tenant already known to be over quota is refused at once, before any other work
 * (authentication included), so its flood costs the server as little as possible.
 */
export function withTenant(handler: TenantHandler, options: { permission: Permission }) {
  const wrapped = async (request: NextRequest, routeContext: RouteContext): Promise<Response> => {
    const requestId = randomUUID();
    const subdomain = tenantSubdomainFromHeaders(request.headers);
    let tenant: TenantContext | null = null;
    let quota: Promise<QuotaDecision> | undefined;
    let response: Response;
    try {
      const resolved = subdomain ? await resolveTenant(request, subdomain) : { tenant: null };
      tenant = resolved.tenant;
      if (!tenant) throw new AppError("not_found", "No such workspace.");
      // Checked before authentication: a key flood is refused without verifying the key each time
      // (its tenant is cached in process after the first request, so it takes the path that checks).
      const isKeyAttempt = request.headers.has("authorization");
      const refusal = isKeyAttempt ? knownApiQuotaRefusal(tenant.id, tenant.planTier) : undefined;
      if (refusal) throw refuseOverQuota(subdomain!, refusal);
      const principal = resolved.principal !== undefined ? resolved.principal : await authenticate(request, tenant);
      if (!principal) throw new AppError("unauthorized", "Sign in or send a valid API key for this workspace.");
      if (principal.type === "user" && !SAFE_METHODS.has(request.method)) assertSameOrigin(request);
      // The plan's quota is for integrations (API keys). The workspace's people in the browser are not
      // counted, so a leaked key flooding the API can never lock the owner out of revoking it.
      if (principal.type === "api_key") quota = consumeApiQuota(tenant.id, tenant.planTier);
      if (quota && !SAFE_METHODS.has(request.method)) {
        const decision = await quota;
        if (!decision.allowed) throw refuseOverQuota(subdomain!, decision);
      }
      if (!hasPermission(principal.roleMask, options.permission)) {
        throw new AppError("forbidden", "Your role does not allow this.");
      }
      const params = (await routeContext?.params) ?? {};
      response = await handler(request, { tenant, principal, requestId, params });
    } catch (error) {
      response = errorResponse(error, requestId);
    }
    if (quota) {
      const decision = await quota;
      if (decision.allowed) {
        response = withHeaders(response, apiQuotaHeaders(decision));
      } else if (response.status !== 429) {
        // A read that ran alongside the quota check: its answer is dropped (and its body stream stopped).
        await response.body?.cancel().catch(() => undefined);
        response = errorResponse(refuseOverQuota(subdomain!, decision), requestId);
      }
    }
    return withHeaders(response, { "x-request-id": requestId });
  };
  return markGuard(wrapped, { kind: "tenant", permission: options.permission });
}
