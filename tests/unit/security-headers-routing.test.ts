import { describe, expect, it } from "vitest";
import { NextRequest, type NextResponse } from "next/server";
import { routeRequest, type SecurityEnv } from "@/lib/middleware/route-request";
import { API_POLICY } from "@/lib/middleware/security-headers";

const ROOT = "roispectrum.localhost:3000";
const TENANT = `acme.${ROOT}`;
const LOCAL: SecurityEnv = { isDevelopment: false, isProduction: false };
const PROD: SecurityEnv = { isDevelopment: false, isProduction: true };

function route(
  host: string | null,
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
  env: SecurityEnv = LOCAL,
): NextResponse {
  const headers = new Headers(init.headers);
  if (host !== null) headers.set("host", host);
  return routeRequest(new NextRequest(`http://localhost:3000${path}`, { method: init.method ?? "GET", headers }), ROOT, env);
}

// The request headers the middleware hands on to Next.js (see tests/unit/route-request.test.ts).
function forwarded(res: NextResponse, name: string): string | null {
  const names = (res.headers.get("x-middleware-override-headers") ?? "").split(",");
  return names.includes(name) ? res.headers.get(`x-middleware-request-${name}`) : null;
}

function nonceOf(policy: string | null): string | undefined {
  return /'nonce-([^']+)'/.exec(policy ?? "")?.[1];
}

function expectFixedHeaders(res: NextResponse): void {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("permissions-policy")).toBe("camera=(), microphone=(), geolocation=()");
  expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
}

describe("security headers on every kind of middleware answer", () => {
  const pageAnswers: [string, string | null, string][] = [
    ["a marketing page (pass-through)", ROOT, "/pricing"],
    ["a tenant page (rewrite)", TENANT, "/sites"],
    ["a direct hit on /t/ (not-found rewrite)", TENANT, "/t/acme/sites"],
    ["/t/ on the root host (not-found rewrite)", ROOT, "/t/acme"],
    ["a page on an unknown host (not-found rewrite)", "evil.example", "/"],
    ["a page with no Host header", null, "/"],
  ];

  it.each(pageAnswers)("%s: a page policy whose nonce is handed to Next.js", (_kind, host, path) => {
    const res = route(host, path);
    const policy = res.headers.get("content-security-policy");
    expect(policy).toContain("'strict-dynamic'");
    expect(policy).toContain("frame-ancestors 'none'");
    const nonce = nonceOf(policy);
    expect(nonce).toBeDefined();
    // Next.js reads the nonce from the request's CSP header and stamps it on its own scripts.
    expect(forwarded(res, "content-security-policy")).toBe(policy);
    expect(forwarded(res, "x-nonce")).toBe(nonce);
    expectFixedHeaders(res);
  });

  const apiAnswers: [string, string | null, string][] = [
    ["a tenant API route (pass-through)", TENANT, "/api/v1/sites"],
    ["a root-host API route (pass-through)", ROOT, "/api/v1/tenants"],
    ["an API route on an unknown host (JSON 404 from the middleware)", "evil.example", "/api/v1/sites"],
    ["an API route with no Host header (JSON 404)", null, "/api/v1/sites"],
  ];

  it.each(apiAnswers)("%s: the no-content API policy, no nonce", (_kind, host, path) => {
    const res = route(host, path);
    expect(res.headers.get("content-security-policy")).toBe(API_POLICY);
    expect(forwarded(res, "content-security-policy")).toBeNull();
    expectFixedHeaders(res);
  });

  it("gives every page response a fresh nonce", () => {
    const nonces = new Set(Array.from({ length: 50 }, () => nonceOf(route(TENANT, "/").headers.get("content-security-policy"))));
    expect(nonces.size).toBe(50);
  });

  it("replaces a client-sent CSP request header and x-nonce rather than trusting them", () => {
    const res = route(TENANT, "/", { headers: { "content-security-policy": "script-src 'nonce-chosen'", "x-nonce": "chosen" } });
    expect(forwarded(res, "x-nonce")).not.toBe("chosen");
    expect(forwarded(res, "content-security-policy")).not.toContain("chosen");
    const api = route(TENANT, "/api/v1/me", { headers: { "content-security-policy": "script-src 'nonce-chosen'", "x-nonce": "chosen" } });
    expect(forwarded(api, "content-security-policy")).toBeNull();
    expect(forwarded(api, "x-nonce")).toBeNull();
  });

  it("sends HSTS only in production", () => {
    expect(route(TENANT, "/", {}, PROD).headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(route(TENANT, "/api/v1/me", {}, PROD).headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(route(TENANT, "/", {}, LOCAL).headers.get("strict-transport-security")).toBeNull();
  });

  it("lets marketing forms lead to a tenant host, and tenant forms to their own origin only", () => {
    expect(route(ROOT, "/signin").headers.get("content-security-policy")).toContain(`form-action 'self' *.${ROOT};`);
    expect(route(TENANT, "/signin").headers.get("content-security-policy")).toContain("form-action 'self';");
  });
});

describe("same-origin writes to pages (server actions) and next-auth", () => {
  const writes: [string, string, string][] = [
    ["a server action on a marketing page", ROOT, "/signin"],
    ["a server action on a tenant page", TENANT, "/sites"],
    ["next-auth's credentials callback", TENANT, "/api/auth/callback/credentials"],
    ["next-auth's sign-out", TENANT, "/api/auth/signout"],
  ];

  it.each(writes)("refuses %s with no Origin, a foreign Origin, or another tenant's", async (_kind, host, path) => {
    for (const origin of [undefined, "null", "http://evil.example", `http://other.${ROOT}`, "not a url"]) {
      const res = route(host, path, { method: "POST", headers: origin === undefined ? {} : { origin } });
      expect(res.status, `origin ${origin}`).toBe(403);
      expect(res.headers.get("x-middleware-next")).toBeNull();
      expect(res.headers.get("x-middleware-rewrite")).toBeNull();
      expect(res.headers.get("content-security-policy")).not.toBeNull();
    }
  });

  it.each(writes)("lets %s through from its own origin", (_kind, host, path) => {
    const res = route(host, path, { method: "POST", headers: { origin: `http://${host}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-middleware-next") ?? res.headers.get("x-middleware-rewrite")).not.toBeNull();
  });

  it("answers a refused next-auth write in the JSON error shape", async () => {
    const res = route(TENANT, "/api/auth/signout", { method: "POST", headers: { origin: "http://evil.example" } });
    expect(await res.json()).toEqual({ error: { code: "forbidden", message: "Cross-origin request refused." } });
  });

  it("leaves /api/v1 writes to withTenant (webhooks and API clients send no Origin)", () => {
    for (const path of ["/api/v1/sites", "/api/v1/webhooks/stripe"]) {
      const res = route(TENANT, path, { method: "POST" });
      expect(res.headers.get("x-middleware-next")).toBe("1");
    }
  });

  it("does not check reads", () => {
    expect(route(TENANT, "/sites", { headers: { origin: "http://evil.example" } }).headers.get("x-middleware-rewrite")).not.toBeNull();
  });
});
