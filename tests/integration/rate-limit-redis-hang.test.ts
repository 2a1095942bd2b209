import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";

// This file's worker talks to an "Upstash" that accepts connections and never answers: the slow
// failure, as opposed to redis-outage.test.ts's refused connection. @upstash/ratelimit answers a
// timed-out check with success; the limits must not take that at its word.
const hanging = createServer(() => undefined);
await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
process.env.UPSTASH_REDIS_REST_URL = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;

const { enforceRateLimit } = await import("@/lib/rate-limit");
const { consumeApiQuota } = await import("@/lib/rate-limit");
const { PLANS } = await import("@/lib/plans/plans");

afterAll(() => {
  hanging.closeAllConnections();
  hanging.close();
});

describe("rate limits when Redis hangs", () => {
  it("refuses sign-in attempts (fails closed) within a few seconds", async () => {
    const started = Date.now();
    await expect(enforceRateLimit("signInPerAccount", `hang-${started}`)).rejects.toMatchObject({ code: "service_unavailable", status: 503 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("decides the API quota from the in-process count after a short wait, then without waiting", async () => {
    const tenantId = `hang-tenant-${Date.now()}`;
    const started = Date.now();
    const first = await consumeApiQuota(tenantId, "free");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(first).toMatchObject({ allowed: true, source: "local", limit: PLANS.free.limits.apiRequestsPerMinute });

    // Redis is left alone for a few seconds after a failure: no further request pays the timeout.
    const again = Date.now();
    const second = await consumeApiQuota(tenantId, "free");
    expect(Date.now() - again).toBeLessThan(50);
    expect(second.remaining).toBe(first.remaining - 1);
  });
});
