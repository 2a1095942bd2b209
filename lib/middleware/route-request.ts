import { NextResponse, type NextRequest } from "next/server";
import { getRootDomain } from "@/lib/config";
import { parseHost } from "./parse-host";
import { buildSecurityHeaders, createNonce } from "./security-headers";
import { TENANT_HEADER } from "./tenant-header";

/** What the security headers depend on besides the request; read from the environment by default. */
export interface SecurityEnv {
  isDevelopment: boolean;
  isProduction: boolean;
}

// NODE_ENV is fixed by Next at build time ("development" only under `next dev`); APP_ENV is the
// deployment's own setting, read at run time.
export function securityEnvFromProcess(): SecurityEnv {
  return { isDevelopment: process.env.NODE_ENV === "development", isProduction: process.env.APP_ENV === "production" };
}

// Request header Next.js reads the script nonce from: it stamps that nonce on its own <script> tags.
const CSP_REQUEST_HEADER = "content-security-policy";
export const NONCE_REQUEST_HEADER = "x-nonce";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// The app's built-in not-found route: rewriting to it renders app/not-found with status 404.
const NOT_FOUND_PATH = "/_not-found";

// True for the internal tenant segment app/t/[subdomain]; it is reachable only through our own rewrite.
function isInternalTenantPath(pathname: string): boolean {
  return pathname === "/t" || pathname.startsWith("/t/");
}

function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

// Copies the request headers without anything a client could use to impersonate the middleware:
// x-tenant-* is ours to set, and x-middleware-* is Next's internal channel (x-middleware-subrequest is
// the CVE-2025-29927 bypass). x-forwarded-host/proto are pinned to what this request really is, because
// next-auth builds its origin from them and a client-sent X-Forwarded-Host must not choose it.
function sanitizeRequestHeaders(req: NextRequest, host: string | null): Headers {
  const headers = new Headers(req.headers);
  const names = [...headers.keys()];
  for (const name of names) {
    if (name.startsWith("x-tenant-") || name.startsWith("x-middleware-")) headers.delete(name);
  }
  if (host === null) headers.delete("x-forwarded-host");
  else headers.set("x-forwarded-host", host);
  headers.set("x-forwarded-proto", req.nextUrl.protocol.replace(/:$/, ""));
  return headers;
}

function rewriteToNotFound(req: NextRequest, headers: Headers): NextResponse {
  return NextResponse.rewrite(new URL(NOT_FOUND_PATH, req.url), { request: { headers } });
}

/**
 * CSRF for what route handlers cannot guard themselves: page POSTs (server actions, whose own check
 * in Next.js lets a request with no Origin through) and next-auth's endpoints. Browsers send Origin on
 * every POST, so a write without our own host as its Origin is refused. /api/v1 is left to withTenant,
 * which checks cookie-authenticated writes and must accept Stripe's webhooks and API clients.
 */
function isCrossOriginWrite(req: NextRequest, host: string | null, pathname: string): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  if (isApiPath(pathname) && pathname !== "/api/auth" && !pathname.startsWith("/api/auth/")) return false;
  const origin = req.headers.get("origin");
  if (!origin || origin === "null" || host === null) return true;
  try {
    return new URL(origin).host !== host.toLowerCase();
  } catch {
    return true;
  }
}

function refuseCrossOrigin(pathname: string): NextResponse {
  const message = "Cross-origin request refused.";
  if (isApiPath(pathname)) return NextResponse.json({ error: { code: "forbidden", message } }, { status: 403 });
  return new NextResponse(message, { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
}

// Edge routing: root host -> marketing site, tenant host -> /t/<subdomain>/..., anything else -> 404.
// Every answer carries the security headers; pages get a fresh script nonce, passed on to Next.js.
export function routeRequest(req: NextRequest, rootDomain: string = getRootDomain(), env: SecurityEnv = securityEnvFromProcess()): NextResponse {
  const host = req.headers.get("host");
  const route = parseHost(host, rootDomain);
  const headers = sanitizeRequestHeaders(req, host);
  const { pathname } = req.nextUrl;

  const nonce = isApiPath(pathname) ? undefined : createNonce();
  // The marketing site's workspace finder redirects its form to the tenant's host (see formTargets).
  const formTargets = route.kind === "root" ? [`*.${rootDomain.toLowerCase()}`] : [];
  const securityHeaders = buildSecurityHeaders({ ...env, nonce, formTargets });
  headers.delete(CSP_REQUEST_HEADER);
  headers.delete(NONCE_REQUEST_HEADER);
  if (nonce !== undefined) {
    headers.set(CSP_REQUEST_HEADER, securityHeaders["Content-Security-Policy"]!);
    headers.set(NONCE_REQUEST_HEADER, nonce);
  }

  const response = isCrossOriginWrite(req, host, pathname) ? refuseCrossOrigin(pathname) : routeByHost(req, route, headers);
  for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
  return response;
}

function routeByHost(req: NextRequest, route: ReturnType<typeof parseHost>, headers: Headers): NextResponse {
  const { pathname, search } = req.nextUrl;
  if (route.kind === "invalid") {
    if (isApiPath(pathname)) {
      return NextResponse.json({ error: { code: "not_found", message: "Unknown host." } }, { status: 404 });
    }
    return rewriteToNotFound(req, headers);
  }

  if (route.kind === "root") {
    if (isInternalTenantPath(pathname)) return rewriteToNotFound(req, headers);
    return NextResponse.next({ request: { headers } });
  }

  headers.set(TENANT_HEADER, route.subdomain);
  if (isApiPath(pathname)) return NextResponse.next({ request: { headers } });
  if (isInternalTenantPath(pathname)) return rewriteToNotFound(req, headers);
  // "/" maps to "/t/acme", not "/t/acme/", so the rewrite never depends on trailing-slash handling.
  const tenantPath = `/t/${route.subdomain}${pathname === "/" ? "" : pathname}${search}`;
  return NextResponse.rewrite(new URL(tenantPath, req.url), { request: { headers } });
}
