import { NextResponse, type NextRequest } from "next/server";
import { getRootDomain } from "@/lib/config";
import { parseHost } from "./parse-host";
import { TENANT_HEADER } from "./tenant-header";

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

// Edge routing: root host -> marketing site, tenant host -> /t/<subdomain>/..., anything else -> 404.
export function routeRequest(req: NextRequest, rootDomain: string = getRootDomain()): NextResponse {
  const host = req.headers.get("host");
  const route = parseHost(host, rootDomain);
  const headers = sanitizeRequestHeaders(req, host);
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
