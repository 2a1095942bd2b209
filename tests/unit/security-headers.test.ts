import { describe, expect, it } from "vitest";
import type { NextConfig } from "next";
import {
  API_POLICY,
  buildPagePolicy,
  buildSecurityHeaders,
  createNonce,
  HSTS_VALUE,
  STATIC_SECURITY_HEADERS,
} from "@/lib/middleware/security-headers";

const PROD = { isDevelopment: false, isProduction: true };
const LOCAL = { isDevelopment: false, isProduction: false };
const DEV = { isDevelopment: true, isProduction: false };

/** "a b; c d" -> { a: ["b"], c: ["d"] } */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(";").map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]),
  );
}

describe("createNonce", () => {
  it("makes 128-bit base64 nonces that Next.js recognises", () => {
    const nonce = createNonce();
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    // Next.js only stamps nonces matching this shape (get-script-nonce-from-header.js).
    expect(`'nonce-${nonce}'`).toMatch(/^'nonce-([A-Za-z0-9+/_-]+={0,2})'$/);
  });

  it("never repeats", () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
  });
});

describe("buildPagePolicy", () => {
  it("allows scripts only with the request's nonce and what they load", () => {
    const policy = directives(buildPagePolicy({ ...PROD, nonce: "abc123==" }));
    expect(policy["script-src"]).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy["script-src"]).not.toContain("'unsafe-inline'");
    expect(policy["script-src"]).not.toContain("'unsafe-eval'");
  });

  it("locks down everything else", () => {
    const policy = directives(buildPagePolicy({ ...LOCAL, nonce: "n" }));
    expect(policy).toMatchObject({
      "default-src": ["'self'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:", "blob:"],
      "font-src": ["'self'"],
      "connect-src": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
    });
  });

  it("keeps styles free of a nonce, which would disable 'unsafe-inline' for style attributes", () => {
    expect(directives(buildPagePolicy({ ...LOCAL, nonce: "n" }))["style-src"]!.some((value) => value.startsWith("'nonce-"))).toBe(false);
  });

  it("adds 'unsafe-eval' in development only", () => {
    expect(directives(buildPagePolicy({ ...DEV, nonce: "n" }))["script-src"]).toContain("'unsafe-eval'");
    expect(directives(buildPagePolicy({ ...LOCAL, nonce: "n" }))["script-src"]).not.toContain("'unsafe-eval'");
  });

  it("upgrades insecure requests in production only", () => {
    expect(directives(buildPagePolicy({ ...PROD, nonce: "n" }))).toHaveProperty("upgrade-insecure-requests");
    expect(directives(buildPagePolicy({ ...LOCAL, nonce: "n" }))).not.toHaveProperty("upgrade-insecure-requests");
  });

  it("lets forms submit to the extra targets it is given", () => {
    const policy = directives(buildPagePolicy({ ...LOCAL, nonce: "n", formTargets: ["*.roispectrum.com"] }));
    expect(policy["form-action"]).toEqual(["'self'", "*.roispectrum.com"]);
  });
});

describe("buildSecurityHeaders", () => {
  it("sends the page policy with a nonce and the fixed headers", () => {
    const headers = buildSecurityHeaders({ ...LOCAL, nonce: "abc" });
    expect(headers["Content-Security-Policy"]).toContain("'nonce-abc'");
    expect(headers).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
      "Cross-Origin-Opener-Policy": "same-origin",
    });
  });

  it("sends the no-content policy without a nonce (API answers)", () => {
    expect(buildSecurityHeaders(LOCAL)["Content-Security-Policy"]).toBe(API_POLICY);
    expect(directives(API_POLICY)).toMatchObject({ "default-src": ["'none'"], "frame-ancestors": ["'none'"] });
  });

  it("sends HSTS for two years including subdomains in production only", () => {
    expect(buildSecurityHeaders({ ...PROD, nonce: "n" })["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(HSTS_VALUE).toBe("max-age=63072000; includeSubDomains");
    expect(buildSecurityHeaders({ ...LOCAL, nonce: "n" })).not.toHaveProperty("Strict-Transport-Security");
    expect(buildSecurityHeaders(DEV)).not.toHaveProperty("Strict-Transport-Security");
  });
});

describe("next.config.mjs headers for assets the middleware skips", () => {
  it("serves exactly the static security headers on every path", async () => {
    // next.config.mjs is plain JavaScript with no declarations; its shape is Next's own NextConfig.
    const configUrl = new URL("../../next.config.mjs", import.meta.url).href;
    const nextConfig = ((await import(configUrl)) as { default: NextConfig }).default;
    const rules = await nextConfig.headers!();
    expect(rules).toHaveLength(1);
    expect(rules[0]!.source).toBe("/:path*");
    const configured = Object.fromEntries(rules[0]!.headers.map(({ key, value }) => [key, value]));
    expect(configured).toEqual(STATIC_SECURITY_HEADERS);
  });
});
