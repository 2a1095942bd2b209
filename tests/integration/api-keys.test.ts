import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listKeys, POST as createKey } from "@/app/api/v1/api-keys/route";
import { DELETE as revokeKey } from "@/app/api/v1/api-keys/[id]/route";
import { GET as me } from "@/app/api/v1/me/route";
import { hashApiKey } from "@/lib/api-keys";
import { maskOf } from "@/lib/auth/roles";
import { getTenantBySubdomain, invalidateTenantCache, isTenantCachedLocally } from "@/lib/tenants";
import { connectAsAppRole } from "../helpers/app-role-sql";
import { createTestTenant, createTestUser, type TestTenant, type TestUser } from "../helpers/factories";
import { call, mintSessionToken, tenantRequest } from "../helpers/requests";
import { ownerQuery } from "../helpers/owner-sql";

let tenantA: TestTenant;
let tenantB: TestTenant;
let ownerA: TestUser;
let ownerB: TestUser;
let viewerA: TestUser;
let sessionA: string;
let sessionB: string;

interface KeyBody { id: string; key: string; prefix: string; role: string }

async function createKeyFor(tenant: TestTenant, session: string, role = "analyst"): Promise<KeyBody> {
  const result = await call<KeyBody>(createKey, tenantRequest(tenant.subdomain, "/api/v1/api-keys", { sessionToken: session, json: { name: "CI", role } }));
  expect(result.status).toBe(201);
  return result.body;
}

beforeAll(async () => {
  [tenantA, tenantB] = await Promise.all([createTestTenant("Agency A"), createTestTenant("Agency B")]);
  [ownerA, ownerB, viewerA] = await Promise.all([
    createTestUser(tenantA.id),
    createTestUser(tenantB.id),
    createTestUser(tenantA.id, maskOf("viewer")),
  ]);
  [sessionA, sessionB] = await Promise.all([mintSessionToken(ownerA), mintSessionToken(ownerB)]);
});

describe("API keys", () => {
  it("returns the secret once on creation and stores only its hash", async () => {
    const created = await createKeyFor(tenantA, sessionA);
    expect(created.key).toMatch(/^rs_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const stored = await ownerQuery<{ key_hash: string }>("SELECT key_hash FROM api_keys WHERE tenant_id = $1 AND id = $2", [tenantA.id, created.id]);
    expect(stored[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]!.key_hash).not.toContain(created.key.slice(3, 20));

    const list = await call<{ data: Record<string, unknown>[] }>(listKeys, tenantRequest(tenantA.subdomain, "/api/v1/api-keys", { sessionToken: sessionA }));
    expect(list.status).toBe(200);
    const listed = list.body.data.find((key) => key.id === created.id)!;
    expect(listed).toMatchObject({ name: "CI", role: "analyst", prefix: created.prefix, revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(created.key);
    expect(Object.keys(listed)).not.toContain("keyHash");
  });

  it("authenticates a bearer key on its own tenant's host only", async () => {
    const created = await createKeyFor(tenantA, sessionA, "viewer");
    const own = await call<{ tenant: { id: string }; principal: { type: string; roles: string[] } }>(
      me,
      tenantRequest(tenantA.subdomain, "/api/v1/me", { apiKey: created.key }),
    );
    expect(own.status).toBe(200);
    expect(own.body.tenant.id).toBe(tenantA.id);
    expect(own.body.principal).toMatchObject({ type: "api_key", roles: ["viewer"] });

    const elsewhere = await call<{ error: { code: string } }>(me, tenantRequest(tenantB.subdomain, "/api/v1/me", { apiKey: created.key }));
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([401, "unauthorized"]);
  });

  it("records when a key was last used, after letting the request through", async () => {
    const created = await createKeyFor(tenantA, sessionA, "viewer");
    const lastUsed = async () => (await ownerQuery<{ last_used_at: Date | null }>("SELECT last_used_at FROM api_keys WHERE tenant_id = $1 AND id = $2", [tenantA.id, created.id]))[0]!.last_used_at;
    expect(await lastUsed()).toBeNull();
    const before = Date.now();
    expect((await call(me, tenantRequest(tenantA.subdomain, "/api/v1/me", { apiKey: created.key }))).status).toBe(200);
    await vi.waitFor(async () => expect((await lastUsed())?.getTime()).toBeGreaterThanOrEqual(before - 1000));
  });

  it("stops accepting a key once it is revoked", async () => {
    const created = await createKeyFor(tenantA, sessionA);
    const revoked = await call<{ revokedAt: string | null }>(
      revokeKey,
      tenantRequest(tenantA.subdomain, `/api/v1/api-keys/${created.id}`, { method: "DELETE", sessionToken: sessionA }),
      { id: created.id },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await call(me, tenantRequest(tenantA.subdomain, "/api/v1/me", { apiKey: created.key }))).status).toBe(401);
  });

  it("answers 404 for another tenant's key and leaves it working", async () => {
    const keyOfB = await createKeyFor(tenantB, sessionB);
    const attempt = await call<{ error: { code: string } }>(
      revokeKey,
      tenantRequest(tenantA.subdomain, `/api/v1/api-keys/${keyOfB.id}`, { method: "DELETE", sessionToken: sessionA }),
      { id: keyOfB.id },
    );
    expect([attempt.status, attempt.body.error.code]).toEqual([404, "not_found"]);
    expect((await call(me, tenantRequest(tenantB.subdomain, "/api/v1/me", { apiKey: keyOfB.key }))).status).toBe(200);
    const listA = await call(listKeys, tenantRequest(tenantA.subdomain, "/api/v1/api-keys", { sessionToken: sessionA }));
    expect(JSON.stringify(listA.body)).not.toContain(keyOfB.id);
  });

  it("answers 404 for a malformed key id", async () => {
    const result = await call(revokeKey, tenantRequest(tenantA.subdomain, "/api/v1/api-keys/1%20OR%201=1", { method: "DELETE", sessionToken: sessionA }), { id: "1 OR 1=1" });
    expect(result.status).toBe(404);
  });

  it("enforces the role map: viewers may not list keys, analyst keys may not create them", async () => {
    const viewerSession = await mintSessionToken(viewerA);
    const list = await call<{ error: { code: string } }>(listKeys, tenantRequest(tenantA.subdomain, "/api/v1/api-keys", { sessionToken: viewerSession }));
    expect([list.status, list.body.error.code]).toEqual([403, "forbidden"]);
    const analyst = await createKeyFor(tenantA, sessionA, "analyst");
    const escalate = await call(createKey, tenantRequest(tenantA.subdomain, "/api/v1/api-keys", { apiKey: analyst.key, json: { name: "x", role: "admin" } }));
    expect(escalate.status).toBe(403);
  });

  it("never creates a key with a permission its creator lacks: an admin cannot mint a billing key", async () => {
    const admin = await createTestUser(tenantA.id, maskOf("admin"));
    const adminSession = await mintSessionToken(admin);
    const before = await ownerQuery<{ n: number }>("SELECT count(*)::int AS n FROM api_keys WHERE tenant_id = $1", [tenantA.id]);
    const refused = await call<{ error: { code: string } }>(createKey, tenantRequest(tenantA.subdomain, "/api/v1/api-keys", { sessionToken: adminSession, json: { name: "x", role: "billing" } }));
    expect([refused.status, refused.body.error.code]).toEqual([403, "forbidden"]);
    expect(await ownerQuery<{ n: number }>("SELECT count(*)::int AS n FROM api_keys WHERE tenant_id = $1", [tenantA.id])).toEqual(before);
    expect((await createKeyFor(tenantA, adminSession, "admin")).role).toBe("admin");
    expect((await createKeyFor(tenantA, sessionA, "billing")).role).toBe("billing");
  });

  it("rejects owner keys, unknown fields, malformed JSON and oversized bodies", async () => {
    const request = (options: Parameters<typeof tenantRequest>[2]) => tenantRequest(tenantA.subdomain, "/api/v1/api-keys", { sessionToken: sessionA, ...options });
    const before = await ownerQuery<{ n: number }>("SELECT count(*)::int AS n FROM api_keys WHERE tenant_id = $1", [tenantA.id]);
    expect((await call(createKey, request({ json: { name: "x", role: "owner" } }))).status).toBe(422);
    expect((await call(createKey, request({ json: { name: "x", tenantId: tenantB.id } }))).status).toBe(422);
    expect((await call(createKey, request({ json: { name: { $ne: null } } }))).status).toBe(422);
    expect((await call(createKey, request({ rawBody: "{", headers: { "content-type": "application/json" } }))).status).toBe(400);
    expect((await call(createKey, request({ json: { name: "x".repeat(20_000) } }))).status).toBe(413);
    const after = await ownerQuery<{ n: number }>("SELECT count(*)::int AS n FROM api_keys WHERE tenant_id = $1", [tenantA.id]);
    expect(after).toEqual(before);
  });
});

describe("withTenant", () => {
  it("answers 401 without credentials and with garbage credentials", async () => {
    for (const options of [{}, { apiKey: "rs_nope" }, { headers: { authorization: "Basic dXNlcjpwYXNz" } }, { sessionToken: "not-a-jwt" }]) {
      const result = await call<{ error: { code: string } }>(me, tenantRequest(tenantA.subdomain, "/api/v1/me", options));
      expect(result.status).toBe(401);
      expect(result.body.error.code).toBe("unauthorized");
    }
  });

  it("rejects a session minted for tenant A on tenant B's host", async () => {
    const result = await call(me, tenantRequest(tenantB.subdomain, "/api/v1/me", { sessionToken: sessionA }));
    expect(result.status).toBe(401);
  });

  it("rejects a session signed with another secret", async () => {
    const forged = await mintSessionToken(ownerA, "some-other-secret-that-is-long-enough-000000");
    expect((await call(me, tenantRequest(tenantA.subdomain, "/api/v1/me", { sessionToken: forged }))).status).toBe(401);
  });

  it("answers 404 for an unknown subdomain and when the tenant header disagrees with the Host", async () => {
    expect((await call(me, tenantRequest("no-such-tenant-here", "/api/v1/me", { sessionToken: sessionA }))).status).toBe(404);
    const spoofed = tenantRequest(tenantA.subdomain, "/api/v1/me", { sessionToken: sessionA, headers: { "x-tenant-subdomain": tenantB.subdomain } });
    expect((await call(me, spoofed)).status).toBe(404);
  });

  it("refuses cookie-authenticated writes without a same-site Origin", async () => {
    for (const origin of [null, "http://evil.example", `http://${tenantB.subdomain}.roispectrum.localhost:3000`]) {
      const result = await call<{ error: { code: string } }>(
        createKey,
        tenantRequest(tenantA.subdomain, "/api/v1/api-keys", { sessionToken: sessionA, origin, json: { name: "csrf" } }),
      );
      expect(result.status).toBe(403);
    }
  });

  it("drops a removed member's access at once", async () => {
    const member = await createTestUser(tenantA.id, maskOf("admin"));
    const session = await mintSessionToken(member);
    expect((await call(me, tenantRequest(tenantA.subdomain, "/api/v1/me", { sessionToken: session }))).status).toBe(200);
    await ownerQuery("DELETE FROM users WHERE tenant_id = $1 AND id = $2", [tenantA.id, member.id]);
    expect((await call(me, tenantRequest(tenantA.subdomain, "/api/v1/me", { sessionToken: session }))).status).toBe(401);
  });
});

// An API request whose workspace this process has not cached resolves the workspace and checks the key
// in one statement (app_authenticate_api_key); one whose workspace is cached checks the key alone. Both
// must give the same answers.
describe.each([
  { lookup: "workspace not cached in process (one statement for both)", prepare: (subdomain: string) => invalidateTenantCache(subdomain) },
  { lookup: "workspace cached in process (key checked alone)", prepare: async (subdomain: string) => void (await getTenantBySubdomain(subdomain)) },
])("API key authentication, $lookup", ({ prepare }) => {
  async function meWithKey(subdomain: string, key: string) {
    await prepare(subdomain);
    return call<{ tenant: { id: string }; principal: { type: string; roles: string[] }; error: { code: string } }>(me, tenantRequest(subdomain, "/api/v1/me", { apiKey: key }));
  }

  it("accepts a live key on its own workspace's host", async () => {
    const created = await createKeyFor(tenantA, sessionA, "analyst");
    const result = await meWithKey(tenantA.subdomain, created.key);
    expect(result.status).toBe(200);
    expect(result.body.tenant.id).toBe(tenantA.id);
    expect(result.body.principal).toMatchObject({ type: "api_key", roles: ["analyst"] });
    expect(isTenantCachedLocally(tenantA.subdomain)).toBe(true);
  });

  it("refuses another workspace's key, a revoked key and an unknown key with 401", async () => {
    const keyOfB = await createKeyFor(tenantB, sessionB);
    const revoked = await createKeyFor(tenantA, sessionA);
    await ownerQuery("UPDATE api_keys SET revoked_at = now() WHERE tenant_id = $1 AND id = $2", [tenantA.id, revoked.id]);
    const unknown = `rs_${"A".repeat(43)}`;
    for (const key of [keyOfB.key, revoked.key, unknown]) {
      const result = await meWithKey(tenantA.subdomain, key);
      expect([result.status, result.body.error.code]).toEqual([401, "unauthorized"]);
    }
  });

  it("answers 404 for a key sent to a workspace that does not exist", async () => {
    const created = await createKeyFor(tenantA, sessionA);
    const result = await meWithKey(`no-such-${tenantA.subdomain}`, created.key);
    expect([result.status, result.body.error.code]).toEqual([404, "not_found"]);
  });
});

describe("app_authenticate_api_key (the one-statement lookup)", () => {
  it("finds only the host's own live key, and leaves no tenant set on the connection", async () => {
    const keyOfA = await createKeyFor(tenantA, sessionA);
    const client = await connectAsAppRole();
    try {
      const lookup = (subdomain: string, key: string) =>
        client.query<{ tenant_id: string; key_id: string | null }>("SELECT tenant_id, key_id FROM app_authenticate_api_key($1, $2)", [subdomain, hashApiKey(key)]);
      expect((await lookup(tenantA.subdomain, keyOfA.key)).rows).toEqual([{ tenant_id: tenantA.id, key_id: keyOfA.id }]);
      expect((await lookup(tenantB.subdomain, keyOfA.key)).rows).toEqual([{ tenant_id: tenantB.id, key_id: null }]);
      expect((await lookup("no-such-workspace", keyOfA.key)).rows).toEqual([]);
      const { rows } = await client.query<{ setting: string | null }>("SELECT current_setting('app.tenant_id', true) AS setting");
      expect(rows[0]!.setting ?? "").toBe("");
      // Row-level security still stands behind it: with no tenant set, the app role sees no key at all.
      expect((await client.query("SELECT id FROM api_keys WHERE key_hash = $1", [hashApiKey(keyOfA.key)])).rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
