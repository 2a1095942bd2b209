import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuditMongo } from "../helpers/audit-mongo";

// MongoDB goes away: user actions still succeed, their audit events wait in Redis, and the cron
// flush writes each exactly once into a valid chain when MongoDB is back. Always the local
// stand-in, the one MongoDB a test can stop and start.
const mongo = await startAuditMongo({ requireStandin: true });
const standin = mongo.standin!;
process.env.MONGODB_URI = mongo.uri;

const { GET: listAudit } = await import("@/app/api/v1/audit-logs/route");
const { GET: verifyAudit } = await import("@/app/api/v1/audit-logs/verify/route");
const { GET: flushCron } = await import("@/app/api/v1/cron/audit-flush/route");
const { POST: createSite } = await import("@/app/api/v1/sites/route");
const { PATCH: patchSite } = await import("@/app/api/v1/sites/[id]/route");
const { closeAuditClient, auditDatabaseName } = await import("@/lib/audit");
const { getRedis, redisKeys } = await import("@/lib/redis");
const { createTestTenant, createTestUser } = await import("../helpers/factories");
const { call, mintSessionToken, rootRequest, tenantRequest } = await import("../helpers/requests");
type Handler = Parameters<typeof call>[0];
type RequestOptions = NonNullable<Parameters<typeof tenantRequest>[2]>;

interface AuditEvent {
  id: string;
  action: string;
  changes: { name?: string } | null;
  seq: number;
}

let subdomain: string;
let session: string;
let siteId: string;

function send<T = Record<string, unknown>>(handler: Handler, path: string, options: RequestOptions = {}, params: Record<string, string> = {}) {
  return call<T>(handler, tenantRequest(subdomain, path, { sessionToken: session, ...options }), params);
}

function runCron() {
  return call<{ written: number; alreadyStored: number; remaining: number; error?: { code: string } }>(
    flushCron,
    rootRequest("/api/v1/cron/audit-flush", { headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } }),
  );
}

async function siteEvents(): Promise<AuditEvent[]> {
  const page = await send<{ data: AuditEvent[] }>(listAudit, `/api/v1/audit-logs?targetId=${siteId}&limit=200`);
  expect(page.status).toBe(200);
  return page.body.data;
}

const parkedCount = () => getRedis().xlen(redisKeys.auditParked(auditDatabaseName()));

beforeAll(async () => {
  const tenant = await createTestTenant("Outage Agency");
  subdomain = tenant.subdomain;
  session = await mintSessionToken(await createTestUser(tenant.id));
  const site = await send(createSite, "/api/v1/sites", { json: { name: "Before", domain: `outage-${randomBytes(4).toString("hex")}.example.com`, currency: "USD", timezone: "UTC" } });
  expect(site.status).toBe(201);
  siteId = String(site.body.id);
});

afterAll(async () => {
  // The parked-event streams of this file's own database.
  await getRedis().del(redisKeys.auditParked(auditDatabaseName()), redisKeys.auditParkedRejected(auditDatabaseName()));
  await closeAuditClient();
  await mongo.close();
});

describe("when MongoDB is unreachable", () => {
  it("user changes still succeed, quickly, and their events are parked", async () => {
    await standin.stop();
    const started = Date.now();
    for (let index = 1; index <= 20; index++) {
      const result = await send(patchSite, `/api/v1/sites/${siteId}`, { method: "PATCH", json: { name: `Change ${index}` } }, { id: siteId });
      expect(result.status).toBe(200);
    }
    // At most one request per few seconds tries MongoDB (waiting at worst for the 2 s server
    // selection); the others park at once.
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(await parkedCount()).toBe(20);
  });

  it("reading the log answers 503, and a flush leaves the events parked", async () => {
    const list = await send<{ error: { code: string } }>(listAudit, "/api/v1/audit-logs");
    expect([list.status, list.body.error.code]).toEqual([503, "service_unavailable"]);
    const flush = await runCron();
    expect([flush.status, flush.body.error?.code]).toEqual([503, "service_unavailable"]);
    expect(await parkedCount()).toBe(20);
  });

  it("after recovery the cron writes all 20 exactly once, in order, in a valid chain", async () => {
    await standin.start();
    const flush = await runCron();
    expect(flush.status).toBe(200);
    expect(flush.body).toMatchObject({ written: 20, alreadyStored: 0, remaining: 0 });
    expect(await parkedCount()).toBe(0);

    const events = await siteEvents();
    const updates = events.filter((event) => event.action === "site.updated");
    expect(updates).toHaveLength(20);
    expect(new Set(updates.map((event) => event.id)).size).toBe(20);
    expect(updates.map((event) => event.changes?.name).sort()).toEqual(Array.from({ length: 20 }, (_, index) => `Change ${index + 1}`).sort());
    // Parked events took their places at flush time, in the order they were parked.
    expect([...updates].sort((a, b) => a.seq - b.seq).map((event) => event.changes?.name)).toEqual(Array.from({ length: 20 }, (_, index) => `Change ${index + 1}`));
    expect((await send(verifyAudit, "/api/v1/audit-logs/verify")).body).toEqual({ ok: true, checked: 21 });
  });

  it("a second flush changes nothing", async () => {
    const flush = await runCron();
    expect(flush.body).toMatchObject({ written: 0, alreadyStored: 0, remaining: 0 });
    expect(await siteEvents()).toHaveLength(21);
    expect((await send(verifyAudit, "/api/v1/audit-logs/verify")).body).toEqual({ ok: true, checked: 21 });
  });
});
