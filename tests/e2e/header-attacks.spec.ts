import { randomBytes } from "node:crypto";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { E2E_PORT, E2E_ROOT_DOMAIN } from "./e2e-env";

// Header and host attacks against the real production server, middleware included. Node cannot
// resolve *.localhost, so every request goes to 127.0.0.1 with the Host header an attacker chooses.
// Two workspaces are made through the public API (sign-up, next-auth's credentials sign-in, an API
// key); B's name and site carry a marker that no answer to A's credentials may ever contain.

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(host: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port: E2E_PORT, path, method: options.method ?? "GET", headers: { host, "x-forwarded-for": clientIp(), ...options.headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

function clientIp(): string {
  const bytes = randomBytes(3);
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`;
}

function cookiesOf(reply: Reply): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const line of reply.headers["set-cookie"] ?? []) {
    const [pair] = line.split(";");
    const at = pair!.indexOf("=");
    jar[pair!.slice(0, at)] = pair!.slice(at + 1);
  }
  return jar;
}

const cookieHeader = (jar: Record<string, string>) => Object.entries(jar).map(([name, value]) => `${name}=${value}`).join("; ");

interface Workspace {
  subdomain: string;
  host: string;
  tenantId: string;
  marker: string;
  session: string;
  apiKey: string;
}

const PASSWORD = "a sturdy header-attack password";

/** Sign-up on the root host, sign-in through next-auth on the tenant's host, an admin API key, a site. */
async function makeWorkspace(label: string): Promise<Workspace> {
  const id = randomBytes(4).toString("hex");
  const marker = `MARK-${label}-${randomBytes(6).toString("hex")}`;
  const subdomain = `hdr-${label.toLowerCase()}-${id}`;
  const host = `${subdomain}.${E2E_ROOT_DOMAIN}`;
  const email = `owner-${id}@example.test`;
  const signUp = await send(E2E_ROOT_DOMAIN, "/api/v1/tenants", {
    method: "POST", headers: { "content-type": "application/json", origin: `http://${E2E_ROOT_DOMAIN}` },
    body: JSON.stringify({ name: `${marker} Agency`, subdomain, email, password: PASSWORD }),
  });
  expect(signUp.status, signUp.body).toBe(201);
  const tenantId = (JSON.parse(signUp.body) as { tenant: { id: string } }).tenant.id;

  const csrf = await send(host, "/api/auth/csrf");
  const jar = cookiesOf(csrf);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const signIn = await send(host, "/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar), origin: `http://${host}` },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: `http://${host}/`, json: "true" }).toString(),
  });
  const session = cookiesOf(signIn)["next-auth.session-token"];
  expect(session, `sign-in: ${signIn.status} ${signIn.body}`).toBeTruthy();

  const asOwner = { cookie: `next-auth.session-token=${session}`, origin: `http://${host}`, "content-type": "application/json" };
  const key = await send(host, "/api/v1/api-keys", { method: "POST", headers: asOwner, body: JSON.stringify({ name: `${marker} key`, role: "admin" }) });
  expect(key.status, key.body).toBe(201);
  const site = await send(host, "/api/v1/sites", {
    method: "POST", headers: asOwner, body: JSON.stringify({ name: `${marker} site`, domain: `${marker.toLowerCase()}.example.com`, currency: "USD", timezone: "UTC" }),
  });
  expect(site.status, site.body).toBe(201);
  return { subdomain, host, tenantId, marker, session: session!, apiKey: (JSON.parse(key.body) as { key: string }).key };
}

let a: Workspace;
let b: Workspace;

/**
 * Nothing of B's: its marker (any case), tenant id, or subdomain — unless the request itself named the
 * subdomain (a 404 page may echo the path it was asked for).
 */
function expectNothingOfB(reply: Reply, context: string, options: { subdomainInRequest?: boolean } = {}): void {
  const text = reply.body.toLowerCase();
  const secrets = options.subdomainInRequest ? [b.marker, b.tenantId] : [b.marker, b.tenantId, b.subdomain];
  for (const secret of secrets) expect(text.includes(secret.toLowerCase()), `${context} contains ${secret}`).toBe(false);
}

/** GET /api/v1/me as A's API key, with the attacker's Host and extra headers. */
function meWithKeyOfA(host: string, headers: Record<string, string> = {}): Promise<Reply> {
  return send(host, "/api/v1/me", { headers: { authorization: `Bearer ${a.apiKey}`, ...headers } });
}

const tenantIdOf = (reply: Reply) => (JSON.parse(reply.body) as { tenant?: { id?: string } }).tenant?.id;

// CVE-2025-29927: a client-sent x-middleware-subrequest once made Next.js skip the middleware.
const SUBREQUEST_VALUES = [
  "middleware",
  "middleware:middleware:middleware:middleware:middleware",
  "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware",
  "pages/_middleware",
  "proxy:proxy:proxy:proxy:proxy",
];

test.describe("header and host attacks on the production server", () => {
  test.beforeAll(async () => {
    [a, b] = await Promise.all([makeWorkspace("A"), makeWorkspace("B")]);
  });

  test("control: A's key and session work on A's host, and B's owner sees B's marker", async () => {
    const me = await meWithKeyOfA(a.host);
    expect([me.status, tenantIdOf(me)]).toEqual([200, a.tenantId]);
    const sessionMe = await send(a.host, "/api/v1/me", { headers: { cookie: `next-auth.session-token=${a.session}` } });
    expect([sessionMe.status, tenantIdOf(sessionMe)]).toEqual([200, a.tenantId]);
    const sitesOfB = await send(b.host, "/api/v1/sites", { headers: { authorization: `Bearer ${b.apiKey}` } });
    expect(sitesOfB.body).toContain(b.marker);
  });

  test("Host set to B with A's API key: 401, nothing of B's", async () => {
    for (const path of ["/api/v1/me", "/api/v1/sites", "/api/v1/audit-logs", "/api/v1/api-keys"]) {
      const reply = await send(b.host, path, { headers: { authorization: `Bearer ${a.apiKey}` } });
      expect(reply.status, `${path}: ${reply.body}`).toBe(401);
      expectNothingOfB(reply, path);
    }
    // Spellings of B's host that name the same workspace are the same answer.
    for (const host of [b.host.toUpperCase(), `${b.subdomain}.${E2E_ROOT_DOMAIN.replace(":", ".:")}`]) {
      const reply = await meWithKeyOfA(host);
      expect([401, 404], `${host}: ${reply.status} ${reply.body}`).toContain(reply.status);
      expectNothingOfB(reply, host);
    }
  });

  test("Host A with X-Forwarded-Host B (and X-Forwarded-Server/X-Original-Host/X-Host): acts as A only", async () => {
    for (const name of ["x-forwarded-host", "x-forwarded-server", "x-original-host", "x-host", "forwarded"]) {
      const value = name === "forwarded" ? `host=${b.host}` : b.host;
      const me = await meWithKeyOfA(a.host, { [name]: value });
      expect([me.status, tenantIdOf(me)], name).toEqual([200, a.tenantId]);
      const sites = await send(a.host, "/api/v1/sites", { headers: { authorization: `Bearer ${a.apiKey}`, [name]: value } });
      expect(sites.body, name).toContain(a.marker);
      expectNothingOfB(sites, name);
    }
  });

  test("client-sent x-tenant-* headers: A's host stays A, the root host selects no workspace", async () => {
    const claims: Record<string, string>[] = [{ "x-tenant-subdomain": b.subdomain }, { "x-tenant-id": b.tenantId }, { "x-tenant-subdomain": b.subdomain, "x-tenant-id": b.tenantId }];
    for (const headers of claims) {
      const me = await meWithKeyOfA(a.host, headers);
      expect([me.status, tenantIdOf(me)], JSON.stringify(headers)).toEqual([200, a.tenantId]);
    }
    for (const subdomain of [a.subdomain, b.subdomain]) {
      const reply = await meWithKeyOfA(E2E_ROOT_DOMAIN, { "x-tenant-subdomain": subdomain });
      expect(reply.status, reply.body).toBe(404);
      expectNothingOfB(reply, `root host claiming ${subdomain}`);
    }
    const onB = await meWithKeyOfA(b.host, { "x-tenant-subdomain": a.subdomain });
    expect(onB.status, onB.body).toBe(401);
  });

  test("x-middleware-subrequest (CVE-2025-29927, several forms): the direct /t/<B> path and the API are still guarded", async () => {
    for (const value of SUBREQUEST_VALUES) {
      const headers = { "x-middleware-subrequest": value };
      for (const host of [E2E_ROOT_DOMAIN, a.host, b.host]) {
        for (const path of [`/t/${b.subdomain}`, `/t/${b.subdomain}/sites`, `/t/${b.subdomain}/audit`]) {
          const page = await send(host, path, { headers: { ...headers, cookie: `next-auth.session-token=${a.session}` } });
          expect(page.status, `${value} ${host}${path}`).toBe(404);
          expectNothingOfB(page, `${value} ${host}${path}`, { subdomainInRequest: true });
        }
      }
      const apiOnB = await send(b.host, "/api/v1/sites", { headers: { ...headers, authorization: `Bearer ${a.apiKey}` } });
      expect(apiOnB.status, `${value} API on B: ${apiOnB.body}`).toBe(401);
      expectNothingOfB(apiOnB, `${value} API on B`);
      const rootClaimingB = await send(E2E_ROOT_DOMAIN, "/api/v1/sites", { headers: { ...headers, "x-tenant-subdomain": b.subdomain, authorization: `Bearer ${a.apiKey}` } });
      expect(rootClaimingB.status, `${value} root claiming B: ${rootClaimingB.body}`).toBe(404);
      expectNothingOfB(rootClaimingB, `${value} root claiming B`, { subdomainInRequest: true });
      const me = await meWithKeyOfA(a.host, { ...headers, "x-tenant-subdomain": b.subdomain });
      expect([me.status, tenantIdOf(me)], value).toEqual([200, a.tenantId]);
    }
  });

  test("A's session cookie replayed on B's host: unauthenticated everywhere", async () => {
    const cookie = `next-auth.session-token=${a.session}`;
    for (const path of ["/api/v1/me", "/api/v1/sites", "/api/v1/billing"]) {
      const reply = await send(b.host, path, { headers: { cookie } });
      expect(reply.status, `${path}: ${reply.body}`).toBe(401);
      expectNothingOfB(reply, path);
    }
    const write = await send(b.host, "/api/v1/sites", {
      method: "POST", headers: { cookie, origin: `http://${b.host}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Planted", domain: "planted.example.com", currency: "USD", timezone: "UTC" }),
    });
    expect(write.status, write.body).toBe(401);
    // next-auth's own session endpoint decodes any token its secret signed; off the token's own host
    // it answers as signed out, like every route and page.
    const session = await send(b.host, "/api/auth/session", { headers: { cookie } });
    expect([session.status, session.body]).toEqual([200, "{}"]);
    expectNothingOfB(session, "/api/auth/session on B");
    // The dashboard of B sends the replayed cookie to sign-in and shows nothing of B's data.
    const dashboard = await send(b.host, "/sites", { headers: { cookie } });
    expect([302, 303, 307, 308, 200]).toContain(dashboard.status);
    if (dashboard.status === 200) expect(dashboard.body).not.toContain(`${b.marker} site`);
    else expect(String(dashboard.headers.location)).toContain("/signin");
  });
});
