import { beforeAll, describe, expect, it } from "vitest";
import NextAuth from "next-auth";
import type { NextApiRequest, NextApiResponse } from "next";
import { getAuthOptions } from "@/lib/auth/next-auth-options";
import { sessionCookieName } from "@/lib/auth/get-session-principal";
import { TENANT_HEADER } from "@/lib/middleware/tenant-header";
import { createTestTenant, createTestUser, type TestTenant, type TestUser } from "../helpers/factories";
import { randomIp, ROOT } from "../helpers/requests";

// A real sign-in through next-auth's handler, over http (development) and https (production), and the
// Set-Cookie headers it sends. The handler is driven through its request/response-object entry point:
// the app-router entry needs Next's request scope, and both run the same core and cookie serialiser.

interface Cookie {
  name: string;
  value: string;
  /** Lower-cased attribute names -> value ("" for flags). */
  attributes: Map<string, string>;
}

function parseSetCookie(header: string): Cookie {
  const [pair = "", ...parts] = header.split(";").map((part) => part.trim());
  const separator = pair.indexOf("=");
  const attributes = new Map(parts.map((part) => {
    const [key = "", ...rest] = part.split("=");
    return [key.toLowerCase(), rest.join("=")] as [string, string];
  }));
  return { name: pair.slice(0, separator), value: pair.slice(separator + 1), attributes };
}

async function runNextAuth(action: string[], init: { method: string; headers: Record<string, string>; cookies: Record<string, string>; body?: Record<string, string> }) {
  const headers = new Map<string, string | string[]>();
  let body: unknown;
  const res = {
    status() { return res; },
    setHeader(name: string, value: string | string[]) { headers.set(name.toLowerCase(), value); return res; },
    getHeader(name: string) { return headers.get(name.toLowerCase()); },
    json(value: unknown) { body = value; },
    send(value: unknown) { body = value; },
    end() {},
  };
  const req = { method: init.method, headers: init.headers, cookies: init.cookies, body: init.body, query: { nextauth: action } };
  await NextAuth(req as unknown as NextApiRequest, res as unknown as NextApiResponse, getAuthOptions());
  const setCookie = headers.get("set-cookie") ?? [];
  return { body, cookies: (Array.isArray(setCookie) ? setCookie : [setCookie]).map(parseSetCookie) };
}

function headersFor(tenant: TestTenant, protocol: "http" | "https"): Record<string, string> {
  const host = `${tenant.subdomain}.${ROOT}`;
  // What the edge middleware hands on: its own Host as x-forwarded-host, the real scheme, the tenant.
  return { host, "x-forwarded-host": host, "x-forwarded-proto": protocol, [TENANT_HEADER]: tenant.subdomain, "x-forwarded-for": randomIp() };
}

/** CSRF token, then the credentials callback: every cookie set along the way. */
async function signIn(tenant: TestTenant, user: TestUser, protocol: "http" | "https"): Promise<Cookie[]> {
  const headers = headersFor(tenant, protocol);
  const csrf = await runNextAuth(["csrf"], { method: "GET", headers, cookies: {} });
  const { csrfToken } = csrf.body as { csrfToken: string };
  const callback = await runNextAuth(["callback", "credentials"], {
    method: "POST",
    headers,
    cookies: Object.fromEntries(csrf.cookies.map((cookie) => [cookie.name, decodeURIComponent(cookie.value)])),
    body: { csrfToken, email: user.email, password: user.password, json: "true" },
  });
  return [...csrf.cookies, ...callback.cookies];
}

describe("session cookies", () => {
  let tenant: TestTenant;
  let user: TestUser;

  beforeAll(async () => {
    tenant = await createTestTenant();
    user = await createTestUser(tenant.id);
  });

  it.each(["http", "https"] as const)("are host-only, HttpOnly and SameSite=Lax over %s", async (protocol) => {
    const cookies = await signIn(tenant, user, protocol);
    const session = cookies.find((cookie) => cookie.name.endsWith("next-auth.session-token"));
    expect(session, "a session cookie is set on sign-in").toBeDefined();
    expect(session!.value).not.toBe("");
    for (const cookie of cookies) {
      expect(cookie.attributes.has("httponly"), cookie.name).toBe(true);
      expect(cookie.attributes.get("samesite"), cookie.name).toBe("Lax");
      expect(cookie.attributes.get("path"), cookie.name).toBe("/");
      // No Domain attribute: the browser keeps the cookie for this tenant's host alone.
      expect(cookie.attributes.has("domain"), cookie.name).toBe(false);
    }
  });

  it("are Secure with the __Secure-/__Host- prefixes over https, which withTenant reads", async () => {
    const cookies = await signIn(tenant, user, "https");
    const names = cookies.map((cookie) => cookie.name);
    expect(names).toContain(sessionCookieName(true));
    expect(sessionCookieName(true)).toBe("__Secure-next-auth.session-token");
    expect(names).toContain("__Host-next-auth.csrf-token");
    for (const cookie of cookies) {
      expect(cookie.attributes.has("secure"), cookie.name).toBe(true);
      expect(cookie.name).toMatch(/^__(Secure|Host)-/);
    }
  });

  it("are not Secure over plain http (local development), under the unprefixed name", async () => {
    const cookies = await signIn(tenant, user, "http");
    expect(cookies.map((cookie) => cookie.name)).toContain(sessionCookieName(false));
    for (const cookie of cookies) expect(cookie.attributes.has("secure"), cookie.name).toBe(false);
  });

  it("are not configured away from next-auth's safe defaults", () => {
    const options = getAuthOptions();
    expect(options.cookies).toBeUndefined();
    expect(options.useSecureCookies).toBeUndefined();
  });
});
