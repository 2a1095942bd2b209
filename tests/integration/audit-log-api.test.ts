import { randomBytes, randomUUID } from "node:crypto";
import Papa from "papaparse";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAuditMongo } from "../helpers/audit-mongo";

// The audit log through the API: what the route handlers record, and reading it back (list,
// export, verify) with tenant isolation, roles and validated filters. MongoDB is a local stand-in,
// or a real server when MONGODB_TEST_URI is set.
const mongo = await startAuditMongo();
process.env.MONGODB_URI = mongo.uri;

const { GET: listAudit } = await import("@/app/api/v1/audit-logs/route");
const { GET: exportAudit } = await import("@/app/api/v1/audit-logs/export/route");
const { GET: verifyAudit } = await import("@/app/api/v1/audit-logs/verify/route");
const { GET: flushCron } = await import("@/app/api/v1/cron/audit-flush/route");
const { POST: createSite } = await import("@/app/api/v1/sites/route");
const { DELETE: deleteSite, PATCH: patchSite } = await import("@/app/api/v1/sites/[id]/route");
const { POST: createService } = await import("@/app/api/v1/services/route");
const { DELETE: deleteService, PATCH: patchService } = await import("@/app/api/v1/services/[id]/route");
const { POST: createCostLine } = await import("@/app/api/v1/cost-lines/route");
const { DELETE: deleteCostLine, PATCH: patchCostLine } = await import("@/app/api/v1/cost-lines/[id]/route");
const { POST: createDeliverable } = await import("@/app/api/v1/deliverables/route");
const { DELETE: deleteDeliverable, PATCH: patchDeliverable } = await import("@/app/api/v1/deliverables/[id]/route");
const { POST: postMetrics } = await import("@/app/api/v1/metrics/route");
const { POST: createKey } = await import("@/app/api/v1/api-keys/route");
const { DELETE: revokeKey } = await import("@/app/api/v1/api-keys/[id]/route");
const { POST: signUp } = await import("@/app/api/v1/tenants/route");
const { authorizeCredentials } = await import("@/lib/auth/authorize-credentials");
const { getAuthOptions } = await import("@/lib/auth/next-auth-options");
const { recordAuditEvent, closeAuditClient, auditDatabaseName } = await import("@/lib/audit");
const { getRedis, redisKeys } = await import("@/lib/redis");
const { maskOf } = await import("@/lib/auth/roles");
const { TENANT_HEADER } = await import("@/lib/middleware/tenant-header");
const { createTestTenant, createTestUser, uniqueSubdomain } = await import("../helpers/factories");
const { call, mintSessionToken, randomIp, rootRequest, tenantRequest } = await import("../helpers/requests");
type TestTenant = import("../helpers/factories").TestTenant;
type TestUser = import("../helpers/factories").TestUser;
type Handler = Parameters<typeof call>[0];
type RequestOptions = NonNullable<Parameters<typeof tenantRequest>[2]>;

interface AuditEvent {
  id: string;
  occurredAt: string;
  actor: { type: string; id: string; label: string };
  action: string;
  targets: { type: string; id: string }[];
  context: { ip: string; userAgent: string; requestId: string };
  changes: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  seq: number;
  hash: string;
}

interface AuditPage {
  data: AuditEvent[];
  nextCursor: string | null;
}

interface ErrorBody {
  error: { code: string; message: string; details?: { field?: string; message: string }[] };
}

afterAll(async () => {
  // The parked-event streams of this file's own database.
  await getRedis().del(redisKeys.auditParked(auditDatabaseName()), redisKeys.auditParkedRejected(auditDatabaseName()));
  await closeAuditClient();
  await mongo.close();
});

interface Workspace {
  tenant: TestTenant;
  owner: TestUser;
  session: string;
}

async function newWorkspace(): Promise<Workspace> {
  const tenant = await createTestTenant("Audit Agency");
  const owner = await createTestUser(tenant.id);
  return { tenant, owner, session: await mintSessionToken(owner) };
}

function send<T = Record<string, unknown>>(ws: Workspace, handler: Handler, path: string, options: RequestOptions = {}, params: Record<string, string> = {}) {
  return call<T>(handler, tenantRequest(ws.tenant.subdomain, path, { sessionToken: ws.session, ...options }), params);
}

function auditLog(ws: Workspace, query = "", options: RequestOptions = {}) {
  return send<AuditPage>(ws, listAudit, `/api/v1/audit-logs${query}`, options);
}

async function exportCsv(ws: Workspace, query = ""): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await exportAudit(tenantRequest(ws.tenant.subdomain, `/api/v1/audit-logs/export${query}`, { sessionToken: ws.session }), { params: Promise.resolve({}) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function csvRows(text: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

function uniqueDomain(): string {
  return `audit-${randomBytes(4).toString("hex")}.example.com`;
}

async function newSite(ws: Workspace, options: RequestOptions = {}): Promise<string> {
  const result = await send(ws, createSite, "/api/v1/sites", { json: { name: "Audited site", domain: uniqueDomain(), currency: "USD", timezone: "UTC" }, ...options });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return String(result.body.id);
}

describe("recording from the route handlers", () => {
  // A workspace per test: the free plan allows two sites.
  let ws: Workspace;
  beforeEach(async () => {
    ws = await newWorkspace();
  });

  it("records a site's creation, update (with the changed fields) and deletion with actor, address and request id", async () => {
    const headers = { "x-forwarded-for": "203.0.113.7", "user-agent": "AuditTest/1.0" };
    const created = await send(ws, createSite, "/api/v1/sites", { headers, json: { name: "Shop", domain: uniqueDomain(), currency: "EUR", timezone: "UTC" } });
    const siteId = String(created.body.id);
    const patched = await send(ws, patchSite, `/api/v1/sites/${siteId}`, { method: "PATCH", headers, json: { name: "Shop 2" } }, { id: siteId });
    expect(patched.status).toBe(200);
    expect((await send(ws, deleteSite, `/api/v1/sites/${siteId}`, { method: "DELETE", headers }, { id: siteId })).status).toBe(204);

    const log = await auditLog(ws, `?targetType=site&targetId=${siteId}`);
    expect(log.status).toBe(200);
    expect(log.body.data.map((event) => event.action)).toEqual(["site.deleted", "site.updated", "site.created"]);
    const [deleted, updated, createdEvent] = log.body.data;
    expect(createdEvent).toMatchObject({
      actor: { type: "user", id: ws.owner.id, label: ws.owner.email },
      targets: [{ type: "site", id: siteId }],
      context: { ip: "203.0.113.7", userAgent: "AuditTest/1.0", requestId: created.headers.get("x-request-id") },
      metadata: { name: "Shop" },
    });
    expect(updated).toMatchObject({ changes: { name: "Shop 2" }, context: { requestId: patched.headers.get("x-request-id") } });
    expect(deleted!.targets).toEqual([{ type: "site", id: siteId }]);
  });

  it("records nothing for a change that was refused", async () => {
    const siteId = await newSite(ws);
    const refused = await send(ws, patchSite, `/api/v1/sites/${siteId}`, { method: "PATCH", json: { currency: "JPY" } }, { id: siteId });
    expect(refused.status).toBe(422);
    const log = await auditLog(ws, `?targetId=${siteId}`);
    expect(log.body.data.map((event) => event.action)).toEqual(["site.created"]);
  });

  it("records services, cost lines, deliverables and a metrics import (one event with the row count)", async () => {
    const siteId = await newSite(ws);
    const service = await send(ws, createService, "/api/v1/services", { json: { siteId, kind: "content", name: "Blog", startDate: "2026-01-01", monthlyFee: "500" } });
    const serviceId = String(service.body.id);
    await send(ws, patchService, `/api/v1/services/${serviceId}`, { method: "PATCH", json: { name: "Blog 2" } }, { id: serviceId });
    const costLine = await send(ws, createCostLine, "/api/v1/cost-lines", { json: { siteId, serviceId, date: "2026-01-02", amount: "10.00" } });
    const costLineId = String(costLine.body.id);
    await send(ws, patchCostLine, `/api/v1/cost-lines/${costLineId}`, { method: "PATCH", json: { note: "tools" } }, { id: costLineId });
    const deliverable = await send(ws, createDeliverable, "/api/v1/deliverables", { json: { serviceId, date: "2026-01-03", title: "Post" } });
    const deliverableId = String(deliverable.body.id);
    await send(ws, patchDeliverable, `/api/v1/deliverables/${deliverableId}`, { method: "PATCH", json: { hours: 2 } }, { id: deliverableId });
    const rows = [1, 2, 3].map((day) => ({ date: `2026-01-0${day}`, sessions: day }));
    expect((await send(ws, postMetrics, "/api/v1/metrics", { json: { siteId, rows } })).status).toBe(200);
    await send(ws, deleteDeliverable, `/api/v1/deliverables/${deliverableId}`, { method: "DELETE" }, { id: deliverableId });
    await send(ws, deleteCostLine, `/api/v1/cost-lines/${costLineId}`, { method: "DELETE" }, { id: costLineId });
    await send(ws, deleteService, `/api/v1/services/${serviceId}`, { method: "DELETE" }, { id: serviceId });

    const all = (await auditLog(ws, "?limit=200")).body.data;
    const forSite = (await auditLog(ws, `?targetType=site&targetId=${siteId}`)).body.data;
    expect(forSite.map((event) => event.action).reverse()).toEqual([
      "site.created", "service.created", "service.updated", "cost_line.created", "cost_line.updated",
      "deliverable.created", "deliverable.updated", "metrics.imported",
    ]);
    expect(forSite.find((event) => event.action === "metrics.imported")!.metadata).toEqual({ rows: 3 });
    expect(forSite.find((event) => event.action === "cost_line.updated")!.changes).toEqual({ note: "tools" });
    const deletions = all.filter((event) => event.action.endsWith(".deleted")).map((event) => [event.action, event.targets[0]!.id]);
    expect(deletions).toEqual(expect.arrayContaining([["deliverable.deleted", deliverableId], ["cost_line.deleted", costLineId], ["service.deleted", serviceId]]));
  });

  it("records API key creation and revocation without the secret, and an API key as the actor", async () => {
    const created = await send<{ id: string; key: string; prefix: string }>(ws, createKey, "/api/v1/api-keys", { json: { name: "CI", role: "analyst" } });
    const siteId = await newSite(ws, { apiKey: created.body.key, sessionToken: undefined });
    await send(ws, revokeKey, `/api/v1/api-keys/${created.body.id}`, { method: "DELETE" }, { id: created.body.id });

    const keyEvents = (await auditLog(ws, `?targetId=${created.body.id}`)).body.data;
    expect(keyEvents.map((event) => event.action)).toEqual(["api_key.revoked", "api_key.created"]);
    expect(keyEvents[1]!.metadata).toEqual({ name: "CI", role: "analyst", prefix: created.body.prefix });
    const everything = await exportCsv(ws);
    expect(JSON.stringify(keyEvents) + everything.text).not.toContain(created.body.key);
    const bySite = (await auditLog(ws, `?targetId=${siteId}`)).body.data;
    expect(bySite[0]!.actor).toMatchObject({ type: "api_key", id: created.body.id, label: expect.stringContaining("CI") });
    expect((await auditLog(ws, `?actorId=${created.body.id}`)).body.data.map((event) => event.action)).toEqual(["site.created"]);
  });

  it("records sign-up in the new workspace, by its owner", async () => {
    const subdomain = uniqueSubdomain("audit");
    const result = await call<{ tenant: { id: string }; user: { id: string; email: string } }>(
      signUp,
      rootRequest("/api/v1/tenants", { json: { name: "New Agency", subdomain, email: "founder@example.test", password: "a long enough password" }, headers: { "user-agent": "SignUpTest" } }),
    );
    expect(result.status).toBe(201);
    const owner = { id: result.body.user.id, tenantId: result.body.tenant.id, roleMask: maskOf("owner"), email: result.body.user.email };
    const fresh: Workspace = { tenant: { id: owner.tenantId, name: "New Agency", subdomain }, owner: { ...owner, password: "" }, session: await mintSessionToken(owner) };
    const log = await auditLog(fresh);
    expect(log.body.data).toHaveLength(1);
    expect(log.body.data[0]).toMatchObject({
      action: "tenant.signed_up",
      actor: { type: "user", id: owner.id, label: "founder@example.test" },
      context: { userAgent: "SignUpTest", requestId: result.headers.get("x-request-id") },
      metadata: { name: "New Agency", subdomain },
    });
  });

  it("records sign-in success and failure (the email tried, never the password) and sign-out", async () => {
    const signInWs = await newWorkspace();
    const user = await createTestUser(signInWs.tenant.id);
    const ip = randomIp();
    const headers = { host: `${signInWs.tenant.subdomain}.roispectrum.localhost:3000`, [TENANT_HEADER]: signInWs.tenant.subdomain, "x-forwarded-for": ip, "user-agent": "SignInTest" };
    expect(await authorizeCredentials({ email: user.email, password: "not the password 123" }, { headers })).toBeNull();
    const signedIn = await authorizeCredentials({ email: user.email.toUpperCase(), password: user.password }, { headers });
    expect(signedIn).toMatchObject({ id: user.id, tenantId: signInWs.tenant.id });
    const events = getAuthOptions().events!;
    await events.signIn!({ user: signedIn!, account: null });
    await events.signOut!({ token: { sub: user.id, email: user.email, tenantId: signInWs.tenant.id }, session: null as never });

    const log = (await auditLog(signInWs)).body.data;
    expect(log.map((event) => event.action)).toEqual(["auth.signed_out", "auth.sign_in_succeeded", "auth.sign_in_failed"]);
    expect(log[2]).toMatchObject({ actor: { type: "user", label: user.email }, context: { ip, userAgent: "SignInTest" }, metadata: { email: user.email, reason: "invalid_credentials" } });
    expect(log[1]).toMatchObject({ actor: { type: "user", id: user.id, label: user.email }, context: { ip, userAgent: "SignInTest" } });
    expect(log[0]).toMatchObject({ actor: { type: "user", id: user.id } });
    expect(JSON.stringify(log)).not.toContain("not the password");
    expect(JSON.stringify(log)).not.toContain(user.password);
  });
});

describe("GET /api/v1/audit-logs", () => {
  let ws: Workspace;
  let actions: string[];
  beforeAll(async () => {
    ws = await newWorkspace();
    actions = [];
    const start = Date.UTC(2026, 0, 1);
    for (let index = 0; index < 7; index++) {
      const action = index % 2 ? "site.updated" : "site.created";
      actions.push(action);
      await recordAuditEvent({
        tenantId: ws.tenant.id,
        planTier: "agency",
        action,
        actor: { type: "user", id: index < 4 ? ws.owner.id : "other-user", label: "x" },
        targets: [{ type: "site", id: `site-${index % 3}` }],
        occurredAt: new Date(start + index * 24 * 60 * 60 * 1000),
      });
    }
  });

  it("pages newest first on (occurredAt, id) with no overlap and no gap", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const page: Awaited<ReturnType<typeof auditLog>> = await auditLog(ws, `?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      sizes.push(page.body.data.length);
      seen.push(...page.body.data.map((event) => event.occurredAt));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual([...seen].sort().reverse());
    expect(new Set(seen).size).toBe(7);
  });

  it("filters by action, actor, target and time range", async () => {
    const count = async (query: string) => (await auditLog(ws, query)).body.data.length;
    expect(await count("?action=site.updated")).toBe(3);
    expect(await count(`?actorId=${ws.owner.id}`)).toBe(4);
    expect(await count("?actorId=other-user&action=site.created")).toBe(2);
    expect(await count("?targetType=site&targetId=site-0")).toBe(3);
    expect(await count("?targetType=user&targetId=site-0")).toBe(0);
    expect(await count("?from=2026-01-02&to=2026-01-04")).toBe(3);
    expect(await count("?from=2026-01-02T00:00:00Z&to=2026-01-02T00:00:00Z")).toBe(1);
  });

  it("answers 400 for operator objects, $-keys, arrays and repeated or unknown parameters", async () => {
    const queries = [
      "?action[$ne]=x", "?action=site.created&action=site.updated", `?action=${encodeURIComponent('{"$gt":""}')}`,
      `?actorId=${encodeURIComponent('{"$gt":""}')}`, "?targetId[$regex]=.*", "?actorId[]=a", "?$where=1", "?tenantId=x",
      "?limit=1000", "?limit=0", "?limit=abc", "?cursor=not-a-cursor", "?from=yesterday", `?targetType=${encodeURIComponent("$site")}`,
    ];
    for (const query of queries) {
      const result = await send<ErrorBody>(ws, listAudit, `/api/v1/audit-logs${query}`);
      expect([query, result.status, result.body.error.code]).toEqual([query, 400, "bad_request"]);
    }
  });

  it("answers 422 for a range that ends before it starts", async () => {
    const result = await send<ErrorBody>(ws, listAudit, "/api/v1/audit-logs?from=2026-02-01&to=2026-01-01");
    expect([result.status, result.body.error.details?.[0]?.field]).toEqual([422, "from"]);
  });

  it("is for owners and admins only", async () => {
    for (const [role, status] of [["admin", 200], ["analyst", 403], ["viewer", 403], ["billing", 403]] as const) {
      const member = await createTestUser(ws.tenant.id, maskOf(role));
      const session = await mintSessionToken(member);
      for (const handler of [listAudit, exportAudit, verifyAudit]) {
        const response = await handler(tenantRequest(ws.tenant.subdomain, "/api/v1/audit-logs", { sessionToken: session }), { params: Promise.resolve({}) });
        expect([role, response.status]).toEqual([role, status]);
      }
    }
    const key = await send<{ key: string }>(ws, createKey, "/api/v1/api-keys", { json: { name: "admin key", role: "admin" } });
    expect((await auditLog(ws, "", { apiKey: key.body.key, sessionToken: undefined })).status).toBe(200);
  });
});

describe("tenant isolation", () => {
  let a: Workspace;
  let b: Workspace;
  let siteOfB: string;
  beforeAll(async () => {
    [a, b] = await Promise.all([newWorkspace(), newWorkspace()]);
    await newSite(a);
    siteOfB = await newSite(b);
    await send(b, patchSite, `/api/v1/sites/${siteOfB}`, { method: "PATCH", json: { name: "B secret name" } }, { id: siteOfB });
  });

  it("A never reads B's events, whatever the filters", async () => {
    for (const query of ["", `?actorId=${b.owner.id}`, `?targetId=${siteOfB}`, "?action=site.updated", "?from=2000-01-01&to=2100-01-01"]) {
      const result = await auditLog(a, query);
      expect(result.status).toBe(200);
      expect(JSON.stringify(result.body)).not.toContain(siteOfB);
      expect(JSON.stringify(result.body)).not.toContain(b.owner.id);
    }
    expect((await auditLog(a, `?tenantId=${b.tenant.id}`)).status).toBe(400);
  });

  it("A never exports B's events", async () => {
    for (const query of ["", `?actorId=${b.owner.id}`, `?targetId=${siteOfB}`]) {
      const result = await exportCsv(a, query);
      expect(result.status).toBe(200);
      expect(result.text).not.toContain(siteOfB);
      expect(result.text).not.toContain("B secret name");
    }
    expect((await exportCsv(a, `?tenantId=${b.tenant.id}`)).status).toBe(400);
  });

  it("A's session is refused on B's host, and A's verification covers A's chain only", async () => {
    const crossHost = await call(listAudit, tenantRequest(b.tenant.subdomain, "/api/v1/audit-logs", { sessionToken: a.session }));
    expect(crossHost.status).toBe(401);
    await mongo.client.db().collection("audit_events").updateOne({ tenantId: b.tenant.id, seq: 1 }, { $set: { action: "site.deleted" } });
    const verifyA = await send(a, verifyAudit, "/api/v1/audit-logs/verify");
    expect(verifyA.body).toEqual({ ok: true, checked: 1 });
    const verifyB = await send(b, verifyAudit, "/api/v1/audit-logs/verify");
    expect(verifyB.body).toEqual({ ok: false, checked: 1, firstBrokenSeq: 1 });
    expect((await send(a, verifyAudit, `/api/v1/audit-logs/verify?tenantId=${b.tenant.id}`)).status).toBe(400);
  });
});

describe("GET /api/v1/audit-logs/export", () => {
  it("streams CSV with the same filters, formula-like cells neutralised and quoting intact", async () => {
    const ws = await newWorkspace();
    const agents = ["=1+2", "+SUM(A1)", "-3", "@cmd", "plain, with \"quotes\"", "line\nbreak"];
    for (const agent of agents) {
      await recordAuditEvent({ tenantId: ws.tenant.id, planTier: "free", action: "site.created", actor: { type: "user", id: ws.owner.id, label: "=HYPERLINK(\"http://evil\")" }, context: { userAgent: agent }, metadata: { name: "=cmd|' /C calc'!A0" } });
    }
    await recordAuditEvent({ tenantId: ws.tenant.id, planTier: "free", action: "site.deleted", actor: { type: "system", id: "system", label: "system" } });

    const result = await exportCsv(ws, "?action=site.created");
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(result.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="audit-log-${ws.tenant.subdomain}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
    const rows = csvRows(result.text);
    expect(rows).toHaveLength(agents.length);
    expect(rows.map((row) => row.userAgent).sort()).toEqual(["'+SUM(A1)", "'-3", "'=1+2", "'@cmd", "line\nbreak", "plain, with \"quotes\""].sort());
    for (const row of rows) {
      expect(row.actorLabel).toBe("'=HYPERLINK(\"http://evil\")");
      expect(JSON.parse(row.metadata!)).toEqual({ name: "=cmd|' /C calc'!A0" });
      expect(row.action).toBe("site.created");
    }
    for (const line of result.text.split("\r\n").filter(Boolean)) expect(line).not.toMatch(/(^|,)[=+\-@]/);
  });

  it("exports an empty log as the header line, and validates its filters like the list", async () => {
    const ws = await newWorkspace();
    const result = await exportCsv(ws);
    expect(result.text).toBe("occurredAt,action,actorType,actorId,actorLabel,targets,ip,userAgent,requestId,changes,metadata,id,seq,hash\r\n");
    for (const query of ["?action[$ne]=x", "?action=a.b&action=c.d", "?limit=5", `?actorId=${encodeURIComponent('{"$gt":""}')}`]) {
      expect([query, (await exportCsv(ws, query)).status]).toEqual([query, 400]);
    }
  });

  it("streams a large export completely", async () => {
    const ws = await newWorkspace();
    await Promise.all(Array.from({ length: 700 }, () => recordAuditEvent({ tenantId: ws.tenant.id, planTier: "free", action: "metrics.imported", actor: { type: "system", id: "system", label: "system" } })));
    const rows = csvRows((await exportCsv(ws)).text);
    expect(rows).toHaveLength(700);
    expect(new Set(rows.map((row) => row.seq)).size).toBe(700);
  });
});

describe("GET /api/v1/cron/audit-flush", () => {
  const cron = (authorization?: string) => {
    const headers: Record<string, string> = authorization ? { authorization } : {};
    return call<ErrorBody & { written?: number }>(flushCron, rootRequest("/api/v1/cron/audit-flush", { headers }));
  };

  it("answers 401 JSON without the cron secret or with a wrong one", async () => {
    const secret = process.env.CRON_SECRET!;
    for (const authorization of [undefined, "Bearer wrong-secret-0123456789", `Bearer ${secret}x`, `Bearer ${secret.slice(0, -1)}`, `Basic ${secret}`, secret, `bearer  ${secret}`]) {
      const result = await cron(authorization);
      expect([authorization, result.status, result.body.error?.code]).toEqual([authorization, 401, "unauthorized"]);
    }
  });

  it("runs with the secret", async () => {
    const result = await cron(`Bearer ${process.env.CRON_SECRET}`);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ written: expect.any(Number), remaining: 0, interrupted: false });
  });
});

describe("GET /api/v1/audit-logs/verify", () => {
  it("answers ok with the number of events checked", async () => {
    const ws = await newWorkspace();
    const siteId = await newSite(ws);
    await send(ws, patchSite, `/api/v1/sites/${siteId}`, { method: "PATCH", json: { name: "Renamed" } }, { id: siteId });
    await send(ws, deleteSite, `/api/v1/sites/${siteId}`, { method: "DELETE" }, { id: siteId });
    expect((await send(ws, verifyAudit, "/api/v1/audit-logs/verify")).body).toEqual({ ok: true, checked: 3 });
    const id = randomUUID();
    expect((await send(ws, verifyAudit, `/api/v1/audit-logs/verify?x=${id}`)).status).toBe(400);
  });
});
