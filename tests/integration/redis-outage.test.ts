import { beforeAll, describe, expect, it } from "vitest";

// This file's worker sees Redis as unreachable: the Upstash URL points at a closed port. Set before
// any module reads the configuration (each test file runs in its own module graph).
process.env.UPSTASH_REDIS_REST_URL = "http://127.0.0.1:9";

const { POST: signUp } = await import("@/app/api/v1/tenants/route");
const { GET: me } = await import("@/app/api/v1/me/route");
const { createApiKey } = await import("@/lib/api-keys");
const { authenticateUser } = await import("@/lib/auth/authenticate-user");
const { AppError } = await import("@/lib/errors");
const { createTestTenant, createTestUser, uniqueSubdomain } = await import("../helpers/factories");
const { call, rootRequest, tenantRequest } = await import("../helpers/requests");
const { ownerQuery } = await import("../helpers/owner-sql");

describe("when Redis is unreachable", () => {
  let tenant: Awaited<ReturnType<typeof createTestTenant>>;
  let user: Awaited<ReturnType<typeof createTestUser>>;

  beforeAll(async () => {
    tenant = await createTestTenant();
    user = await createTestUser(tenant.id);
  });

  it("refuses sign-up with 503 (rate limiting fails closed) and creates nothing", async () => {
    const subdomain = uniqueSubdomain();
    const result = await call<{ error: { code: string } }>(
      signUp,
      rootRequest("/api/v1/tenants", { json: { name: "X", subdomain, email: "a@example.test", password: "long enough password" } }),
    );
    expect([result.status, result.body.error.code]).toEqual([503, "service_unavailable"]);
    expect(result.headers.get("retry-after")).toBe("5");
    expect(await ownerQuery("SELECT 1 FROM tenants WHERE subdomain = $1", [subdomain])).toEqual([]);
  });

  it("refuses sign-in rather than skipping its rate limit", async () => {
    const tenantContext = { id: tenant.id, name: tenant.name, subdomain: tenant.subdomain, planTier: "free" };
    const attempt = authenticateUser(tenantContext, { email: user.email, password: user.password }, "10.0.0.1");
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "service_unavailable" });
  });

  it("still serves tenant API requests, resolving the tenant from PostgreSQL", async () => {
    const key = await createApiKey(tenant.id, user.id, { name: "outage", role: "viewer" });
    const result = await call<{ tenant: { id: string } }>(me, tenantRequest(tenant.subdomain, "/api/v1/me", { apiKey: key.key }));
    expect(result.status).toBe(200);
    expect(result.body.tenant.id).toBe(tenant.id);
  });
});
