import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

// This file's worker reaches neither MongoDB nor Redis (closed ports), set before any module reads
// the configuration. Recording an event must still return, not throw, and not hang.
process.env.MONGODB_URI = "mongodb://127.0.0.1:9/roispectrum_unreachable";
process.env.UPSTASH_REDIS_REST_URL = "http://127.0.0.1:9";

const { recordAuditEvent, closeAuditClient } = await import("@/lib/audit");

describe("recordAuditEvent with MongoDB and Redis both down", () => {
  it("returns 'lost' and writes the whole event to the error log instead of throwing", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const tenantId = randomUUID();
    const started = Date.now();
    const result = await recordAuditEvent({ tenantId, planTier: "free", action: "site.created", actor: { type: "system", id: "system", label: "system" } });
    expect(result).toEqual({ id: expect.any(String), status: "lost" });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(logged.mock.calls.some(([message]) => String(message).includes(result.id!) && String(message).includes(tenantId))).toBe(true);
    // Straight to Redis while MongoDB is marked down: no second wait.
    const again = Date.now();
    expect((await recordAuditEvent({ tenantId, planTier: "free", action: "site.updated", actor: { type: "system", id: "system", label: "system" } })).status).toBe("lost");
    expect(Date.now() - again).toBeLessThan(1_000);
    await closeAuditClient();
    vi.restoreAllMocks();
  });
});
