import { beforeEach, describe, expect, it } from "vitest";

// This file's worker sees Redis as unreachable (as in redis-outage.test.ts): the Upstash URL points at
// a closed port. Set before any module reads the configuration.
process.env.UPSTASH_REDIS_REST_URL = "http://127.0.0.1:9";

const { GET: me } = await import("@/app/api/v1/me/route");
const { createApiKey } = await import("@/lib/api-keys");
const { PLANS } = await import("@/lib/plans/plans");
const { createTestTenant, createTestUser } = await import("../helpers/factories");
const { awaitFreshQuotaWindow } = await import("../helpers/quota");
const { call, tenantRequest } = await import("../helpers/requests");

const FREE_LIMIT = PLANS.free.limits.apiRequestsPerMinute;

async function caller(): Promise<(count?: number) => Promise<{ status: number; headers: Headers }[]>> {
  const tenant = await createTestTenant("Outage Quota Agency");
  const user = await createTestUser(tenant.id);
  const { key } = await createApiKey(tenant.id, user.id, { name: "outage quota", role: "viewer" });
  return (count = 1) => Promise.all(Array.from({ length: count }, () => call(me, tenantRequest(tenant.subdomain, "/api/v1/me", { apiKey: key }))));
}

// The API quota is fairness, not security: with Redis down the API keeps answering, and each server
// instance enforces the plan's limit from its own count (sign-in, by contrast, is refused: see
// redis-outage.test.ts).
describe("the API quota when Redis is unreachable", () => {
  beforeEach(() => awaitFreshQuotaWindow());

  it("keeps answering within the plan's limit, with the RateLimit-* headers", async () => {
    const send = await caller();
    const [first] = await send();
    expect(first!.status).toBe(200);
    expect(first!.headers.get("ratelimit-limit")).toBe(String(FREE_LIMIT));
    expect(first!.headers.get("ratelimit-remaining")).toBe(String(FREE_LIMIT - 1));
  });

  it("still refuses a free workspace's 61st request in the minute, per server instance", async () => {
    const send = await caller();
    expect((await send(FREE_LIMIT)).map((answer) => answer.status)).toEqual(Array(FREE_LIMIT).fill(200));
    const [refused] = await send();
    expect(refused!.status).toBe(429);
    expect(refused!.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    expect(refused!.headers.get("ratelimit-remaining")).toBe("0");
  });

  it("keeps workspaces apart", async () => {
    const flooding = await caller();
    const quiet = await caller();
    await flooding(FREE_LIMIT + 10);
    const [answer] = await quiet();
    expect(answer!.status).toBe(200);
    expect(answer!.headers.get("ratelimit-remaining")).toBe(String(FREE_LIMIT - 1));
  });
});
