import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { POST as createSite } from "@/app/api/v1/sites/route";
import { DELETE as revokeKey } from "@/app/api/v1/api-keys/[id]/route";
import { createApiKey } from "@/lib/api-keys";
import { ROLE_BITS } from "@/lib/auth/roles";
import { getPgPool, withTenantDb } from "@/lib/db";
import { PLANS } from "@/lib/plans/plans";
import { invalidateTenantCache } from "@/lib/tenants";
import { createTestTenant, createTestUser, type TestTenant } from "../helpers/factories";
import { ownerQuery } from "../helpers/owner-sql";
import { awaitFreshQuotaWindow } from "../helpers/quota";
import { call, mintSessionToken, tenantRequest } from "../helpers/requests";

const FREE_LIMIT = PLANS.free.limits.apiRequestsPerMinute;

interface Caller {
  tenant: TestTenant;
  key: string;
  session: string;
}

async function freeTenantCaller(): Promise<Caller> {
  const tenant = await createTestTenant("Quota Agency");
  const user = await createTestUser(tenant.id);
  const { key } = await createApiKey(tenant.id, user.id, { name: "quota", role: "admin" });
  return { tenant, key, session: await mintSessionToken(user) };
}

function getMe(caller: Caller, auth: "key" | "session" = "key") {
  const credentials = auth === "key" ? { apiKey: caller.key } : { sessionToken: caller.session };
  return call<{ error?: { code: string; message: string } }>(me, tenantRequest(caller.tenant.subdomain, "/api/v1/me", credentials));
}

/** Spends `count` requests of the caller's quota, in parallel; returns their statuses. */
async function spend(caller: Caller, count: number): Promise<number[]> {
  return (await Promise.all(Array.from({ length: count }, () => getMe(caller)))).map((result) => result.status);
}

describe("per-tenant API quota", () => {
  let caller: Caller;

  beforeEach(async () => {
    // Fixed one-minute windows: start each test far enough from a boundary that it stays in one window.
    await awaitFreshQuotaWindow();
    caller = await freeTenantCaller();
  });

  it("answers within the quota with RateLimit-* headers counting down", async () => {
    const first = await getMe(caller);
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-limit")).toBe(String(FREE_LIMIT));
    expect(first.headers.get("ratelimit-remaining")).toBe(String(FREE_LIMIT - 1));
    expect(first.headers.get("ratelimit-policy")).toBe(`${FREE_LIMIT};w=60`);
    const reset = Number(first.headers.get("ratelimit-reset"));
    expect(Number.isInteger(reset) && reset >= 1 && reset <= 60).toBe(true);
    expect(first.headers.get("retry-after")).toBeNull();

    const second = await getMe(caller);
    expect(second.headers.get("ratelimit-remaining")).toBe(String(FREE_LIMIT - 2));
  });

  it("refuses a free workspace's 61st request in the minute with 429, Retry-After and RateLimit-*", async () => {
    expect(await spend(caller, FREE_LIMIT)).toEqual(Array(FREE_LIMIT).fill(200));

    const refused = await getMe(caller);
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe("rate_limited");
    expect(refused.body.error?.message).toContain(`${FREE_LIMIT} API requests per minute`);
    const retryAfter = refused.headers.get("retry-after")!;
    expect(retryAfter).toMatch(/^[1-9]\d*$/);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    // The refusal names the minute boundary the quota refills at.
    const resetsAt = Date.now() + Number(retryAfter) * 1000;
    expect(Math.abs(resetsAt - Math.ceil(Date.now() / 60_000) * 60_000)).toBeLessThanOrEqual(1_500);
    expect(refused.headers.get("ratelimit-limit")).toBe(String(FREE_LIMIT));
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("ratelimit-reset")).toBe(retryAfter);
    expect(refused.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    // The quota is for API keys: the workspace's people in the browser still work.
    const session = await getMe(caller, "session");
    expect(session.status).toBe(200);
    expect(session.headers.get("ratelimit-limit")).toBeNull();
  });

  it("lets the owner revoke a flooding key from a session while the keys' quota is spent", async () => {
    await spend(caller, FREE_LIMIT + 5);
    expect((await getMe(caller)).status).toBe(429);
    const [key] = await ownerQuery<{ id: string }>("SELECT id FROM api_keys WHERE tenant_id = $1", [caller.tenant.id]);
    const revoked = await call(revokeKey, tenantRequest(caller.tenant.subdomain, `/api/v1/api-keys/${key!.id}`, { method: "DELETE", sessionToken: caller.session }), { id: key!.id });
    expect(revoked.status).toBe(200);
    const [stored] = await ownerQuery<{ revoked_at: Date | null }>("SELECT revoked_at FROM api_keys WHERE tenant_id = $1 AND id = $2", [caller.tenant.id, key!.id]);
    expect(stored!.revoked_at).not.toBeNull();
  });

  it("leaves other workspaces unaffected", async () => {
    const other = await freeTenantCaller();
    await spend(caller, FREE_LIMIT + 5);
    expect((await getMe(caller)).status).toBe(429);

    const answer = await getMe(other);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("ratelimit-remaining")).toBe(String(FREE_LIMIT - 1));
  });

  it("refuses writes over quota before the handler runs: nothing is created", async () => {
    await spend(caller, FREE_LIMIT);
    const domain = `quota-${randomBytes(4).toString("hex")}.example`;
    const result = await call<{ error: { code: string } }>(
      createSite,
      tenantRequest(caller.tenant.subdomain, "/api/v1/sites", { apiKey: caller.key, json: { name: "Over quota", domain, currency: "USD", timezone: "UTC" } }),
    );
    expect([result.status, result.body.error.code]).toEqual([429, "rate_limited"]);
    expect(await ownerQuery("SELECT 1 FROM sites WHERE tenant_id = $1", [caller.tenant.id])).toEqual([]);
  });

  it("counts writes too, and puts the headers on error answers", async () => {
    const created = await call(
      createSite,
      tenantRequest(caller.tenant.subdomain, "/api/v1/sites", { apiKey: caller.key, json: { name: "A site", domain: `q-${randomBytes(4).toString("hex")}.example`, currency: "USD", timezone: "UTC" } }),
    );
    expect(created.status).toBe(201);
    expect(created.headers.get("ratelimit-remaining")).toBe(String(FREE_LIMIT - 1));

    const invalid = await call(createSite, tenantRequest(caller.tenant.subdomain, "/api/v1/sites", { apiKey: caller.key, json: { name: "" } }));
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("ratelimit-remaining")).toBe(String(FREE_LIMIT - 2));
  });

  it("counts requests refused by the role map", async () => {
    const viewer = await createTestUser(caller.tenant.id, ROLE_BITS.viewer);
    const { key: viewerKey } = await createApiKey(caller.tenant.id, viewer.id, { name: "viewer", role: "viewer" });
    const forbidden = await call(
      createSite,
      tenantRequest(caller.tenant.subdomain, "/api/v1/sites", { apiKey: viewerKey, json: { name: "x" } }),
    );
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("ratelimit-remaining")).toBe(String(FREE_LIMIT - 1));
  });

  it("does not let unauthenticated requests spend a workspace's quota", async () => {
    for (let i = 0; i < 5; i++) {
      const refused = await call(me, tenantRequest(caller.tenant.subdomain, "/api/v1/me", { apiKey: "rs_not-a-real-key" }));
      expect(refused.status).toBe(401);
      expect(refused.headers.get("ratelimit-limit")).toBeNull();
    }
    expect((await getMe(caller)).headers.get("ratelimit-remaining")).toBe(String(FREE_LIMIT - 1));
  });

  it("refuses a workspace over quota before checking credentials, without counting the refusals", async () => {
    await spend(caller, FREE_LIMIT + 1);
    const unknownKey = await call(me, tenantRequest(caller.tenant.subdomain, "/api/v1/me", { apiKey: "rs_not-a-real-key" }));
    expect(unknownKey.status).toBe(429);
    expect(unknownKey.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
  });

  it("keeps refusing an over-quota workspace with no PostgreSQL query once its host has left the in-process cache", async () => {
    await spend(caller, FREE_LIMIT + 1);
    const pool = getPgPool();
    const queries = vi.spyOn(pool, "query");
    const connects = vi.spyOn(pool, "connect");
    // Past the tenant cache's few seconds (the quota window still has ≥ 10 s to run, see beforeEach).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 6_000 });
    try {
      // A key-shaped unknown key on a host not cached would take the one-statement tenant-and-key lookup.
      const refused = await call(me, tenantRequest(caller.tenant.subdomain, "/api/v1/me", { apiKey: `rs_${"Z".repeat(43)}` }));
      expect(refused.status).toBe(429);
      expect(queries).not.toHaveBeenCalled();
      expect(connects).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
      queries.mockRestore();
      connects.mockRestore();
    }
  });

  it("raises the limit when the plan is upgraded, keeping this minute's requests", async () => {
    await spend(caller, FREE_LIMIT);
    expect((await getMe(caller)).status).toBe(429);

    await withTenantDb(caller.tenant.id, (db) =>
      db.subscription.create({
        data: {
          tenantId: caller.tenant.id, stripeSubId: `sub_quota_${randomBytes(6).toString("hex")}`, status: "active",
          planTier: "pro", expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000),
        },
      }),
    );
    // Billing invalidates the tenant cache when it applies a plan change; without that, within 5 s.
    await invalidateTenantCache(caller.tenant.subdomain);

    const upgraded = await getMe(caller);
    expect(upgraded.status).toBe(200);
    const proLimit = PLANS.pro.limits.apiRequestsPerMinute;
    expect(upgraded.headers.get("ratelimit-limit")).toBe(String(proLimit));
    // 60 answered + the refused 61st were counted in Redis this minute, then this one.
    expect(upgraded.headers.get("ratelimit-remaining")).toBe(String(proLimit - FREE_LIMIT - 2));
  });

  it("gives each plan its own per-minute limit", async () => {
    for (const tier of ["starter", "pro", "agency"] as const) {
      const tenant = await createTestTenant("Paid Agency", { plan: tier });
      const user = await createTestUser(tenant.id);
      const { key } = await createApiKey(tenant.id, user.id, { name: "quota", role: "viewer" });
      const answer = await call(me, tenantRequest(tenant.subdomain, "/api/v1/me", { apiKey: key }));
      expect(answer.headers.get("ratelimit-limit")).toBe(String(PLANS[tier].limits.apiRequestsPerMinute));
    }
  });
});
