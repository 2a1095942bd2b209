import { describe, expect, it } from "vitest";
import { NextRequest, type NextResponse } from "next/server";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { config } from "@/middleware";
import { routeRequest } from "@/lib/middleware/route-request";
import { TENANT_HEADER } from "@/lib/middleware/tenant-header";

const ROOT = "roispectrum.localhost:3000";

// In `next start` the middleware's request URL carries the server's own host name; only the Host header
// says which tenant was asked for. Tests mirror that by keeping the two apart.
function request(host: string | null, path: string, headers: Record<string, string> = {}): NextRequest {
  const all = new Headers(headers);
  if (host !== null) all.set("host", host);
  return new NextRequest(`http://localhost:3000${path}`, { headers: all });
}

function route(host: string | null, path: string, headers: Record<string, string> = {}): NextResponse {
  return routeRequest(request(host, path, headers), ROOT);
}

function rewriteTarget(res: NextResponse): string | null {
  const target = res.headers.get("x-middleware-rewrite");
  if (target === null) return null;
  const url = new URL(target);
  return `${url.pathname}${url.search}`;
}

// Next passes overridden request headers downstream as x-middleware-override-headers (the full list of
// names the request will keep) plus x-middleware-request-<name> for each value.
function forwardedHeaders(res: NextResponse): Map<string, string> {
  const names = res.headers.get("x-middleware-override-headers");
  expect(names, "request headers must be overridden").not.toBeNull();
  const forwarded = new Map<string, string>();
  for (const name of (names ?? "").split(",").filter(Boolean)) {
    forwarded.set(name, res.headers.get(`x-middleware-request-${name}`) ?? "");
  }
  return forwarded;
}

const SPOOFED = {
  "x-tenant-subdomain": "victim",
  "x-tenant-id": "00000000-0000-0000-0000-000000000001",
  "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware",
  "x-forwarded-host": "victim.roispectrum.localhost:3000",
  "x-forwarded-proto": "gopher",
};

describe("routeRequest on a tenant host", () => {
  it("rewrites a page path into the tenant segment, keeping the query", () => {
    const res = route("acme.roispectrum.localhost:3000", "/dashboard?range=30d");
    expect(rewriteTarget(res)).toBe("/t/acme/dashboard?range=30d");
    expect(res.headers.get("x-middleware-next")).toBeNull();
  });

  it("rewrites the home page to the tenant root without a trailing slash", () => {
    expect(rewriteTarget(route("acme.roispectrum.localhost:3000", "/"))).toBe("/t/acme");
  });

  it("keeps percent-encoding of the original path", () => {
    expect(rewriteTarget(route("acme.roispectrum.localhost:3000", "/sites/a%20b"))).toBe("/t/acme/sites/a%20b");
  });

  it("uses the normalised host: case, trailing dot", () => {
    expect(rewriteTarget(route("ACME.roispectrum.localhost.:3000", "/x"))).toBe("/t/acme/x");
  });

  it("passes the tenant to page rewrites in the trusted header", () => {
    const headers = forwardedHeaders(route("acme.roispectrum.localhost:3000", "/dashboard"));
    expect(headers.get(TENANT_HEADER)).toBe("acme");
  });

  it("lets API requests through unrewritten with the trusted tenant header", () => {
    const res = route("acme.roispectrum.localhost:3000", "/api/v1/sites?page=2");
    expect(res.headers.get("x-middleware-next")).toBe("1");
    expect(rewriteTarget(res)).toBeNull();
    expect(forwardedHeaders(res).get(TENANT_HEADER)).toBe("acme");
  });

  it("replaces a client-sent tenant header and strips every x-tenant-* and x-middleware-* header", () => {
    for (const path of ["/dashboard", "/api/v1/sites"]) {
      const res = route("acme.roispectrum.localhost:3000", path, { ...SPOOFED, "x-tenant-plan": "enterprise" });
      const headers = forwardedHeaders(res);
      expect(headers.get(TENANT_HEADER)).toBe("acme");
      expect(headers.has("x-tenant-id")).toBe(false);
      expect(headers.has("x-tenant-plan")).toBe(false);
      expect(headers.has("x-middleware-subrequest")).toBe(false);
      expect([...headers.keys()].filter((name) => name.startsWith("x-tenant-"))).toEqual([TENANT_HEADER]);
    }
  });

  it("pins x-forwarded-host and x-forwarded-proto to the real request", () => {
    const headers = forwardedHeaders(route("acme.roispectrum.localhost:3000", "/api/auth/session", SPOOFED));
    expect(headers.get("x-forwarded-host")).toBe("acme.roispectrum.localhost:3000");
    expect(headers.get("x-forwarded-proto")).toBe("http");
  });

  it("takes x-forwarded-proto from the request URL's scheme", () => {
    const req = new NextRequest("https://localhost/dashboard", { headers: { host: "acme.roispectrum.com" } });
    const headers = forwardedHeaders(routeRequest(req, "roispectrum.com"));
    expect(headers.get("x-forwarded-proto")).toBe("https");
  });

  it("keeps ordinary request headers", () => {
    const headers = forwardedHeaders(
      route("acme.roispectrum.localhost:3000", "/dashboard", { cookie: "a=1", "user-agent": "vitest" }),
    );
    expect(headers.get("cookie")).toBe("a=1");
    expect(headers.get("user-agent")).toBe("vitest");
    expect(headers.get("host")).toBe("acme.roispectrum.localhost:3000");
  });

  it.each(["/t", "/t/", "/t/acme/dashboard", "/t/other/dashboard", "/t/acme/logo.png"])(
    "answers a direct hit on the internal segment %s with the not-found page",
    (path) => {
      const res = route("acme.roispectrum.localhost:3000", path);
      expect(rewriteTarget(res)).toBe("/_not-found");
    },
  );

  it("does not mistake paths that merely start with t for the internal segment", () => {
    expect(rewriteTarget(route("acme.roispectrum.localhost:3000", "/team"))).toBe("/t/acme/team");
    expect(rewriteTarget(route("acme.roispectrum.localhost:3000", "/t-shirts"))).toBe("/t/acme/t-shirts");
  });
});

describe("routeRequest on the root host", () => {
  it.each(["roispectrum.localhost:3000", "www.roispectrum.localhost:3000"])(
    "serves %s as the marketing site without rewriting",
    (host) => {
      const res = route(host, "/pricing");
      expect(res.headers.get("x-middleware-next")).toBe("1");
      expect(rewriteTarget(res)).toBeNull();
    },
  );

  it("forwards sanitised headers with no tenant header", () => {
    for (const path of ["/", "/api/v1/signup"]) {
      const headers = forwardedHeaders(route("roispectrum.localhost:3000", path, SPOOFED));
      expect(headers.has(TENANT_HEADER)).toBe(false);
      expect(headers.has("x-tenant-id")).toBe(false);
      expect(headers.has("x-middleware-subrequest")).toBe(false);
      expect(headers.get("x-forwarded-host")).toBe("roispectrum.localhost:3000");
    }
  });

  it.each(["/t", "/t/", "/t/acme", "/t/acme/dashboard?x=1"])("answers %s with the not-found page", (path) => {
    const res = route("roispectrum.localhost:3000", path, SPOOFED);
    expect(rewriteTarget(res)).toBe("/_not-found");
    expect(forwardedHeaders(res).has(TENANT_HEADER)).toBe(false);
  });
});

describe("routeRequest on an unknown host", () => {
  it.each([
    ["another port", "acme.roispectrum.localhost:3001"],
    ["a nested subdomain", "a.b.roispectrum.localhost:3000"],
    ["a reserved subdomain", "admin.roispectrum.localhost:3000"],
    ["punycode", "xn--bcher-kva.roispectrum.localhost:3000"],
    ["an IP address", "127.0.0.1:3000"],
    ["another domain", "evil.example"],
  ])("answers API requests on %s with a JSON 404", async (_description, host) => {
    const res = route(host, "/api/v1/sites");
    expect(res.status).toBe(404);
    expect(res.headers.get("x-middleware-next")).toBeNull();
    expect(rewriteTarget(res)).toBeNull();
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "Unknown host." } });
  });

  it("answers API requests with no Host header with a JSON 404", async () => {
    const res = route(null, "/api/v1/sites");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "Unknown host." } });
  });

  it.each(["/", "/dashboard", "/t/acme"])("renders the not-found page for %s", (path) => {
    const res = route("a.b.roispectrum.localhost:3000", path, SPOOFED);
    expect(rewriteTarget(res)).toBe("/_not-found");
    const headers = forwardedHeaders(res);
    expect(headers.has(TENANT_HEADER)).toBe(false);
    expect(headers.get("x-forwarded-host")).toBe("a.b.roispectrum.localhost:3000");
  });

  it("does not let a spoofed X-Forwarded-Host turn an unknown host into a tenant", () => {
    const res = route("evil.example", "/dashboard", { "x-forwarded-host": "acme.roispectrum.localhost:3000" });
    expect(rewriteTarget(res)).toBe("/_not-found");
  });

  it("does not let a spoofed X-Forwarded-Host change the tenant", () => {
    const res = route("acme.roispectrum.localhost:3000", "/dashboard", {
      "x-forwarded-host": "victim.roispectrum.localhost:3000",
    });
    expect(rewriteTarget(res)).toBe("/t/acme/dashboard");
    expect(forwardedHeaders(res).get("x-forwarded-host")).toBe("acme.roispectrum.localhost:3000");
  });
});

describe("middleware matcher", () => {
  const matches = (path: string) => unstable_doesMiddlewareMatch({ config, url: path });

  it.each(["/", "/dashboard", "/api/v1/sites", "/api/v1/export.csv", "/t/acme", "/t/acme/logo.png", "/t", "/report.pdf"])(
    "runs the middleware for %s",
    (path) => expect(matches(path)).toBe(true),
  );

  it.each(["/_next/static/chunks/main.js", "/_next/image", "/favicon.ico", "/logo.svg", "/images/hero.png", "/robots.txt"])(
    "skips the middleware for %s",
    (path) => expect(matches(path)).toBe(false),
  );
});
