import { describe, expect, it, vi } from "vitest";
import { getRedis, redisKeys } from "@/lib/redis";
import { createTenant, getTenantBySubdomain, invalidateTenantCache } from "@/lib/tenants";
import { withTenantDb } from "@/lib/db";
import { createTestTenant, uniqueSubdomain } from "../helpers/factories";

describe("the tenant selector", () => {
  it("resolves a subdomain to the tenant's context and caches it in Redis", async () => {
    const tenant = await createTestTenant("Cached Agency");
    expect(await getTenantBySubdomain(tenant.subdomain)).toEqual({
      id: tenant.id, name: "Cached Agency", subdomain: tenant.subdomain, planTier: "free",
    });
    // The store does not hold up the request, so it lands shortly after.
    await vi.waitFor(async () => {
      expect(await getRedis().get(redisKeys.tenantBySubdomain(tenant.subdomain))).toMatchObject({ id: tenant.id });
    });
  });

  it("serves the cached entry until it is invalidated", async () => {
    const tenant = await createTestTenant("Before");
    await getTenantBySubdomain(tenant.subdomain);
    await withTenantDb(tenant.id, (db) => db.tenant.updateMany({ data: { name: "After" } }));
    expect((await getTenantBySubdomain(tenant.subdomain))?.name).toBe("Before");
    await invalidateTenantCache(tenant.subdomain);
    expect((await getTenantBySubdomain(tenant.subdomain))?.name).toBe("After");
  });

  it("remembers an unknown subdomain briefly, and sign-up clears that at once", async () => {
    const subdomain = uniqueSubdomain();
    expect(await getTenantBySubdomain(subdomain)).toBeNull();
    const ttl = await getRedis().ttl(redisKeys.tenantBySubdomain(subdomain));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
    await createTenant({ name: "New", subdomain, email: "new@example.test", password: "long enough password" }, "http");
    expect((await getTenantBySubdomain(subdomain))?.subdomain).toBe(subdomain);
  });
});
