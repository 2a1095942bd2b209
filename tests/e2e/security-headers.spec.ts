import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { expect, test, type Page, type Response } from "@playwright/test";
import { E2E_PORT, rootOrigin, tenantOrigin } from "./e2e-env";
import { recordCspViolations, signIn, signUp, uniqueWorkspace } from "./workspace";

// The app under its real Content-Security-Policy in Chromium: every page renders and runs with no
// violation and no console error, and every answer carries the security headers.

const NONCE = /'nonce-([A-Za-z0-9+/=]+)'/;

type AnyResponse = Pick<Response, "headers" | "url">;

interface RawResponse extends AnyResponse {
  status(): number;
  text(): string;
}

/**
 * A request from outside the browser, sending exactly the given headers (no Origin unless given), to
 * 127.0.0.1 with the URL's Host: Node cannot resolve *.localhost names the way Chromium does.
 */
function rawRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port: E2E_PORT, path: `${target.pathname}${target.search}`, method: init.method ?? "GET", headers: { host: target.host, ...init.headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value)]));
          const body = Buffer.concat(chunks).toString();
          resolve({ status: () => response.statusCode ?? 0, headers: () => headers, url: () => url, text: () => body });
        });
      },
    );
    request.on("error", reject);
    request.end(init.body);
  });
}

/** The page's cookies for `origin`, as a Cookie header. */
async function cookieHeader(page: Page, origin: string): Promise<string> {
  return (await page.context().cookies(origin)).map(({ name, value }) => `${name}=${value}`).join("; ");
}

function expectSecurityHeaders(response: AnyResponse | null, kind: "page" | "api"): string | undefined {
  expect(response, "a response").not.toBeNull();
  const headers = response!.headers();
  const url = response!.url();
  expect(headers["x-content-type-options"], url).toBe("nosniff");
  expect(headers["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"], url).toBe("DENY");
  expect(headers["cross-origin-opener-policy"], url).toBe("same-origin");
  expect(headers["permissions-policy"], url).toBe("camera=(), microphone=(), geolocation=()");
  const policy = headers["content-security-policy"] ?? "";
  expect(policy, url).toContain("frame-ancestors 'none'");
  // Not production (plain http): no HSTS, which would pin *.localhost to https.
  expect(headers["strict-transport-security"], url).toBeUndefined();
  if (kind === "api") {
    expect(policy, url).toContain("default-src 'none'");
    return undefined;
  }
  expect(policy, url).toContain("'strict-dynamic'");
  expect(policy, url).not.toContain("'unsafe-eval'");
  const nonce = NONCE.exec(policy)?.[1];
  expect(nonce, url).toBeDefined();
  return nonce;
}

/** Page paths other engineers may have added by the time this runs (checked in the source tree). */
function optionalTenantPages(): string[] {
  const candidates: [string, string][] = [
    ["/team", "app/t/[subdomain]/(app)/team/page.tsx"],
    ["/docs/api", "app/t/[subdomain]/(app)/docs/api/page.tsx"],
    ["/docs/api", "app/t/[subdomain]/docs/api/page.tsx"],
  ];
  return [...new Set(candidates.filter(([, file]) => existsSync(file)).map(([path]) => path))];
}

function optionalRootPages(): string[] {
  return existsSync("app/(marketing)/docs/api/page.tsx") ? ["/docs/api"] : [];
}

test("every page runs under the CSP with no violation or console error, with a fresh nonce per response", async ({ page }, testInfo) => {
  const violations = await recordCspViolations(page);
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    // Chromium asks every origin for /favicon.ico on its own; the app has none (not a page's doing).
    if (message.location().url.endsWith("/favicon.ico")) return;
    if (message.type() === "error" || message.type() === "warning") consoleErrors.push(`${page.url()}: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => consoleErrors.push(`${page.url()}: uncaught ${error.message}`));
  const nonces: string[] = [];

  async function visit(url: string, ready: (page: Page) => Promise<void>): Promise<void> {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    nonces.push(expectSecurityHeaders(response, "page")!);
    await ready(page);
    // Hydration is what the nonce makes possible: wait for the client to be interactive.
    await page.waitForLoadState("networkidle");
  }

  // Marketing site.
  await visit(`${rootOrigin}/`, async (p) => {
    await expect(p.getByRole("link", { name: "Start free" }).first()).toBeVisible();
    await expect(p.locator("#pricing")).toBeVisible();
  });
  await visit(`${rootOrigin}/signin`, (p) => expect(p.getByRole("heading", { name: "Sign in to your workspace" })).toBeVisible());
  for (const path of optionalRootPages()) await visit(`${rootOrigin}${path}`, async () => undefined);

  // Sign-up (a client-side form posting to the API), then the tenant's sign-in page and sign-in.
  const workspace = uniqueWorkspace();
  await signUp(page, workspace);
  await signIn(page, workspace.email);
  const origin = tenantOrigin(workspace.subdomain);

  // Created from the page itself: a same-origin fetch, as the app's own forms send.
  const site = await page.evaluate(async (domain) => {
    const response = await fetch("/api/v1/sites", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "CSP site", domain, currency: "USD", timezone: "UTC" }),
    });
    return { status: response.status, ...((await response.json()) as { id: string }) };
  }, `csp-${randomBytes(4).toString("hex")}.example`);
  expect(site.status).toBe(201);

  await visit(`${origin}/`, (p) => expect(p.getByRole("heading", { name: "Dashboard" })).toBeVisible());
  await visit(`${origin}/sites`, (p) => expect(p.getByRole("heading", { name: "Sites" })).toBeVisible());
  await visit(`${origin}/sites/${site.id}`, (p) => expect(p.getByTestId("site-name")).toHaveText("CSP site"));
  await visit(`${origin}/import`, (p) => expect(p.getByRole("heading", { name: "Import metrics" })).toBeVisible());
  await visit(`${origin}/audit`, (p) => expect(p.getByRole("heading", { name: "Audit log" })).toBeVisible());
  await visit(`${origin}/billing`, (p) => expect(p.getByTestId("billing-plan")).toHaveText("Free"));
  await visit(`${origin}/api-keys`, (p) => expect(p.getByRole("heading", { name: "API keys" })).toBeVisible());
  for (const path of optionalTenantPages()) await visit(`${origin}${path}`, (p) => expect(p.getByRole("heading").first()).toBeVisible());
  await page.screenshot({ path: testInfo.outputPath("csp-last-page.png"), fullPage: true });

  // Checkout is a navigation to Stripe's origin (the stand-in), which the policy does not restrict.
  await page.goto(`${origin}/billing`);
  await page.getByRole("button", { name: /Upgrade to Starter/ }).click();
  await page.waitForURL(/\/checkout\/cs_/);
  expect(new URL(page.url()).origin).not.toBe(origin);

  // Sign-out (next-auth's POST, same-origin) lands on the sign-in page.
  await page.goto(`${origin}/`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${origin}/signin**`);

  // The marketing site's workspace finder: a server action that redirects to the tenant's host.
  await page.goto(`${rootOrigin}/signin`);
  await page.getByLabel("Workspace address").fill(workspace.subdomain);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(`${origin}/signin`);

  expect(violations).toEqual([]);
  expect(consoleErrors).toEqual([]);
  expect(new Set(nonces).size, "a fresh nonce for every page").toBe(nonces.length);
});

test("Next.js stamps the response's nonce on its scripts; API answers, 404s and assets carry the headers", async ({ page }) => {
  const workspace = uniqueWorkspace();
  await signUp(page, workspace);
  const origin = tenantOrigin(workspace.subdomain);

  const first = await rawRequest(`${origin}/signin`);
  const second = await rawRequest(`${origin}/signin`);
  const nonce = expectSecurityHeaders(first, "page")!;
  expect(expectSecurityHeaders(second, "page")).not.toBe(nonce);
  const html = first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  expectSecurityHeaders(await rawRequest(`${origin}/api/v1/me`), "api");
  const missing = await rawRequest(`${origin}/no-such-page`);
  expect(missing.status()).toBe(404);
  expectSecurityHeaders(missing, "page");
  const internal = await rawRequest(`${origin}/t/${workspace.subdomain}`);
  expect(internal.status()).toBe(404);
  expectSecurityHeaders(internal, "page");

  const asset = /<script\b[^>]*\bsrc="(\/_next\/static\/[^"]+)"/.exec(html)?.[1];
  expect(asset).toBeDefined();
  const assetResponse = await rawRequest(`${origin}${asset}`);
  expect(assetResponse.status()).toBe(200);
  expect(assetResponse.headers()["x-content-type-options"]).toBe("nosniff");
  expect(assetResponse.headers()["x-frame-options"]).toBe("DENY");
});

test("cookie-authenticated writes and server actions need our own Origin", async ({ page }) => {
  const workspace = uniqueWorkspace();
  await signUp(page, workspace);
  await signIn(page, workspace.email);
  const origin = tenantOrigin(workspace.subdomain);
  const cookie = await cookieHeader(page, origin);
  const body = JSON.stringify({ name: "csrf", domain: `csrf-${randomBytes(4).toString("hex")}.example`, currency: "USD", timezone: "UTC" });
  const json = { cookie, "content-type": "application/json" };

  // A forged request from outside a browser sends no Origin; a cross-site page sends its own.
  expect((await rawRequest(`${origin}/api/v1/sites`, { method: "POST", headers: json, body })).status()).toBe(403);
  expect((await rawRequest(`${origin}/api/v1/sites`, { method: "POST", headers: { ...json, origin: "http://evil.example" }, body })).status()).toBe(403);
  expect((await rawRequest(`${origin}/api/v1/sites`, { method: "POST", headers: { ...json, origin }, body })).status()).toBe(201);

  // A server action (the marketing site's workspace finder) and next-auth's sign-out, with no Origin.
  const form = { "content-type": "application/x-www-form-urlencoded" };
  expect((await rawRequest(`${rootOrigin}/signin`, { method: "POST", headers: { ...form, "next-action": "0".repeat(42) }, body: "workspace=x" })).status()).toBe(403);
  expect((await rawRequest(`${origin}/api/auth/signout`, { method: "POST", headers: { ...form, cookie }, body: "json=true" })).status()).toBe(403);
  // The session survived: the refused sign-out did nothing.
  await page.goto(`${origin}/`);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
});

test("the violation recorder sees what the policy blocks (so an empty list above means something)", async ({ page }) => {
  const violations = await recordCspViolations(page);
  await page.goto(`${rootOrigin}/`);
  await page.evaluate(() => {
    const image = new Image();
    image.src = "http://evil.example/pixel.png";
    document.body.append(image);
  });
  await expect.poll(() => violations.join("\n")).toContain("img-src blocked http://evil.example/pixel.png");
});
