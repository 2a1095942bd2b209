import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as createKey } from "@/app/api/v1/api-keys/route";
import { GET as listSites, POST as createSite } from "@/app/api/v1/sites/route";
import { DELETE as deleteSite, GET as getSite, PATCH as patchSite } from "@/app/api/v1/sites/[id]/route";
import { GET as listServices, POST as createService } from "@/app/api/v1/services/route";
import { DELETE as deleteService, GET as getService, PATCH as patchService } from "@/app/api/v1/services/[id]/route";
import { GET as listCostLines, POST as createCostLine } from "@/app/api/v1/cost-lines/route";
import { DELETE as deleteCostLine, GET as getCostLine, PATCH as patchCostLine } from "@/app/api/v1/cost-lines/[id]/route";
import { GET as listDeliverables, POST as createDeliverable } from "@/app/api/v1/deliverables/route";
import { DELETE as deleteDeliverable, GET as getDeliverable, PATCH as patchDeliverable } from "@/app/api/v1/deliverables/[id]/route";
import { POST as postMetrics } from "@/app/api/v1/metrics/route";
import { GET as roiReport } from "@/app/api/v1/reports/roi/route";
import { maskOf, type Role } from "@/lib/auth/roles";
import { createTestTenant, createTestUser, type TestTenant } from "../helpers/factories";
import { ownerQuery } from "../helpers/owner-sql";
import { call, mintSessionToken, tenantRequest, type CallResult } from "../helpers/requests";

// The cross-tenant matrix for sites, services, cost lines, deliverables, metrics and the ROI report:
// tenant B's ids reach A's credentials through the path, the query and the body, and every attempt is
// a 404 that changes nothing and shows nothing of B. Then the role and request-shape guards of the
// same routes.

type Handler = Parameters<typeof call>[0];
type RequestOptions = NonNullable<Parameters<typeof tenantRequest>[2]>;
type Method = "GET" | "POST" | "PATCH" | "DELETE";

interface ErrorBody {
  error?: { code: string; message: string; details?: { field?: string; row?: number; message: string }[] };
}

/** One tenant's seeded rows. */
interface Seed {
  tenant: TestTenant;
  marker: string;
  siteId: string;
  domain: string;
  serviceId: string;
  costLineId: string;
  deliverableId: string;
}

interface RouteCase {
  name: string;
  method: Method;
  handler: Handler;
  path: (ids: Seed) => string;
  params?: (ids: Seed) => Record<string, string>;
  body?: (ids: Seed) => unknown;
  /** The body cap of the route, for the 413 check. */
  maxBodyBytes?: number;
}

const MiB = 1024 * 1024;
const REPORT_QUERY = "from=2026-01-01&to=2026-03-31";

let seedA: Seed;
let seedB: Seed;
let ownerSessionA: string;
let ownerSessionB: string;
let adminKeyA: string;

function uniqueDomain(): string {
  return `iso-${randomBytes(4).toString("hex")}.example.com`;
}

function expectStatus(result: CallResult, status: number): Record<string, unknown> {
  expect(result.status, JSON.stringify(result.body)).toBe(status);
  return result.body;
}

/** Seeds a site, a service, a cost line, a deliverable and metrics through the API, as the tenant's owner. */
async function seedTenant(label: string): Promise<{ seed: Seed; session: string }> {
  // Agency plan: the matrix sends hundreds of requests per tenant within a minute (API quota by plan).
  const tenant = await createTestTenant(`Agency ${label}`, { plan: "agency" });
  const session = await mintSessionToken(await createTestUser(tenant.id));
  const marker = `${label}-MARKER-${randomBytes(6).toString("hex")}`;
  const send = (handler: Handler, path: string, json: unknown) => call(handler, tenantRequest(tenant.subdomain, path, { sessionToken: session, json }));
  const domain = uniqueDomain();
  const site = expectStatus(await send(createSite, "/api/v1/sites", { name: `${marker} site`, domain, currency: "USD", timezone: "UTC" }), 201);
  const siteId = String(site.id);
  const service = expectStatus(await send(createService, "/api/v1/services", { siteId, kind: "content", name: `${marker} service`, startDate: "2026-01-01", monthlyFee: "3000.00" }), 201);
  const serviceId = String(service.id);
  const costLine = expectStatus(await send(createCostLine, "/api/v1/cost-lines", { siteId, serviceId, date: "2026-02-01", amount: "250.00", note: `${marker} cost` }), 201);
  const deliverable = expectStatus(
    await send(createDeliverable, "/api/v1/deliverables", { serviceId, date: "2026-02-02", title: `${marker} deliverable`, url: `https://${domain}/${marker}`, hours: 3 }),
    201,
  );
  expectStatus(await send(postMetrics, "/api/v1/metrics", { siteId, rows: [
    { date: "2026-01-10", sessions: 100, conversions: 2, revenue: "1000.00", clicks: 50, impressions: 900, position: 2.5 },
    { date: "2026-02-10", channel: marker.toLowerCase(), sessions: 10, revenue: "5.00" },
  ] }), 200);
  return { seed: { tenant, marker, siteId, domain, serviceId, costLineId: String(costLine.id), deliverableId: String(deliverable.id) }, session };
}

/** Every row of the tenant in every table of this feature, exactly as PostgreSQL renders it. */
async function snapshot(tenantId: string): Promise<string> {
  const tables = ["sites", "services", "cost_lines", "deliverables", "metrics_daily"];
  const parts = tables.map((table) => `'${table}', (SELECT coalesce(json_agg(t ORDER BY t::text), '[]') FROM ${table} t WHERE t.tenant_id = $1)`);
  const rows = await ownerQuery<{ snapshot: unknown }>(`SELECT json_build_object(${parts.join(", ")}) AS snapshot`, [tenantId]);
  return JSON.stringify(rows[0]!.snapshot);
}

async function keyFor(tenant: TestTenant, session: string, role: Exclude<Role, "owner">): Promise<string> {
  const result = await call<{ key: string }>(createKey, tenantRequest(tenant.subdomain, "/api/v1/api-keys", { sessionToken: session, json: { name: `${role} key`, role } }));
  expect(result.status).toBe(201);
  return result.body.key;
}

async function send(route: RouteCase, ids: Seed, credentials: RequestOptions): Promise<CallResult<ErrorBody & Record<string, unknown>>> {
  const body = route.body?.(ids);
  const options: RequestOptions = { method: route.method, ...credentials, ...(body === undefined ? {} : { json: body }) };
  return call<ErrorBody & Record<string, unknown>>(route.handler, tenantRequest(seedA.tenant.subdomain, route.path(ids), options), route.params?.(ids) ?? {});
}

const idParam = (pick: (ids: Seed) => string) => (ids: Seed) => ({ id: pick(ids) });

// ---------------------------------------------------------------------------------------------------
// Every route × method of the feature, addressed with the ids of a seed.

const routes: RouteCase[] = [
  { name: "GET /api/v1/sites", method: "GET", handler: listSites, path: () => "/api/v1/sites" },
  { name: "POST /api/v1/sites", method: "POST", handler: createSite, path: () => "/api/v1/sites", body: () => ({ name: "New", domain: uniqueDomain(), currency: "USD", timezone: "UTC" }) },
  { name: "GET /api/v1/sites/{id}", method: "GET", handler: getSite, path: (ids) => `/api/v1/sites/${ids.siteId}`, params: idParam((ids) => ids.siteId) },
  { name: "PATCH /api/v1/sites/{id}", method: "PATCH", handler: patchSite, path: (ids) => `/api/v1/sites/${ids.siteId}`, params: idParam((ids) => ids.siteId), body: () => ({ name: "Hijacked" }) },
  { name: "DELETE /api/v1/sites/{id}", method: "DELETE", handler: deleteSite, path: (ids) => `/api/v1/sites/${ids.siteId}`, params: idParam((ids) => ids.siteId) },

  { name: "GET /api/v1/services", method: "GET", handler: listServices, path: () => "/api/v1/services" },
  { name: "POST /api/v1/services", method: "POST", handler: createService, path: () => "/api/v1/services", body: (ids) => ({ siteId: ids.siteId, kind: "links", name: "New", startDate: "2026-01-01", monthlyFee: "1.00" }) },
  { name: "GET /api/v1/services/{id}", method: "GET", handler: getService, path: (ids) => `/api/v1/services/${ids.serviceId}`, params: idParam((ids) => ids.serviceId) },
  { name: "PATCH /api/v1/services/{id}", method: "PATCH", handler: patchService, path: (ids) => `/api/v1/services/${ids.serviceId}`, params: idParam((ids) => ids.serviceId), body: () => ({ monthlyFee: "0.01" }) },
  { name: "DELETE /api/v1/services/{id}", method: "DELETE", handler: deleteService, path: (ids) => `/api/v1/services/${ids.serviceId}`, params: idParam((ids) => ids.serviceId) },

  { name: "GET /api/v1/cost-lines", method: "GET", handler: listCostLines, path: () => "/api/v1/cost-lines" },
  { name: "POST /api/v1/cost-lines", method: "POST", handler: createCostLine, path: () => "/api/v1/cost-lines", body: (ids) => ({ siteId: ids.siteId, date: "2026-01-01", amount: "1.00" }) },
  { name: "GET /api/v1/cost-lines/{id}", method: "GET", handler: getCostLine, path: (ids) => `/api/v1/cost-lines/${ids.costLineId}`, params: idParam((ids) => ids.costLineId) },
  { name: "PATCH /api/v1/cost-lines/{id}", method: "PATCH", handler: patchCostLine, path: (ids) => `/api/v1/cost-lines/${ids.costLineId}`, params: idParam((ids) => ids.costLineId), body: () => ({ amount: "999999.00" }) },
  { name: "DELETE /api/v1/cost-lines/{id}", method: "DELETE", handler: deleteCostLine, path: (ids) => `/api/v1/cost-lines/${ids.costLineId}`, params: idParam((ids) => ids.costLineId) },

  { name: "GET /api/v1/deliverables", method: "GET", handler: listDeliverables, path: () => "/api/v1/deliverables" },
  { name: "POST /api/v1/deliverables", method: "POST", handler: createDeliverable, path: () => "/api/v1/deliverables", body: (ids) => ({ serviceId: ids.serviceId, date: "2026-01-01", title: "New" }) },
  { name: "GET /api/v1/deliverables/{id}", method: "GET", handler: getDeliverable, path: (ids) => `/api/v1/deliverables/${ids.deliverableId}`, params: idParam((ids) => ids.deliverableId) },
  { name: "PATCH /api/v1/deliverables/{id}", method: "PATCH", handler: patchDeliverable, path: (ids) => `/api/v1/deliverables/${ids.deliverableId}`, params: idParam((ids) => ids.deliverableId), body: () => ({ title: "Hijacked" }) },
  { name: "DELETE /api/v1/deliverables/{id}", method: "DELETE", handler: deleteDeliverable, path: (ids) => `/api/v1/deliverables/${ids.deliverableId}`, params: idParam((ids) => ids.deliverableId) },

  { name: "POST /api/v1/metrics", method: "POST", handler: postMetrics, path: () => "/api/v1/metrics", body: (ids) => ({ siteId: ids.siteId, rows: [{ date: "2026-01-10", sessions: 1 }] }), maxBodyBytes: 4 * MiB },
  { name: "GET /api/v1/reports/roi", method: "GET", handler: roiReport, path: () => `/api/v1/reports/roi?${REPORT_QUERY}` },
];

const reads = routes.filter((route) => route.method === "GET");
const writes = routes.filter((route) => route.method !== "GET");
const bodied = routes.filter((route) => route.method === "POST" || route.method === "PATCH");

// B's ids in the path, the query and the body; `field` is the detail the 404 must name, if any.
interface CrossTenantCase extends RouteCase {
  field?: string;
}

const crossTenantCases: CrossTenantCase[] = [
  ...routes.filter((route) => route.params).map((route) => ({ ...route, name: `${route.name} with B's id in the path` })),
  { name: "GET /api/v1/services?siteId=<B>", method: "GET", handler: listServices, path: (ids) => `/api/v1/services?siteId=${ids.siteId}`, field: "siteId" },
  { name: "GET /api/v1/cost-lines?siteId=<B>", method: "GET", handler: listCostLines, path: (ids) => `/api/v1/cost-lines?siteId=${ids.siteId}`, field: "siteId" },
  { name: "GET /api/v1/deliverables?siteId=<B>", method: "GET", handler: listDeliverables, path: (ids) => `/api/v1/deliverables?siteId=${ids.siteId}`, field: "siteId" },
  { name: "GET /api/v1/deliverables?serviceId=<B>", method: "GET", handler: listDeliverables, path: (ids) => `/api/v1/deliverables?serviceId=${ids.serviceId}`, field: "serviceId" },
  { name: "GET /api/v1/reports/roi?siteId=<B>", method: "GET", handler: roiReport, path: (ids) => `/api/v1/reports/roi?${REPORT_QUERY}&siteId=${ids.siteId}`, field: "siteId" },
  { name: "POST /api/v1/services with B's siteId", method: "POST", handler: createService, path: () => "/api/v1/services", body: (ids) => ({ siteId: ids.siteId, kind: "links", name: "Planted", startDate: "2026-01-01", monthlyFee: "1.00" }), field: "siteId" },
  { name: "POST /api/v1/cost-lines with B's siteId", method: "POST", handler: createCostLine, path: () => "/api/v1/cost-lines", body: (ids) => ({ siteId: ids.siteId, date: "2026-01-01", amount: "1.00" }), field: "siteId" },
  {
    name: "POST /api/v1/cost-lines with A's siteId and B's serviceId", method: "POST", handler: createCostLine, path: () => "/api/v1/cost-lines",
    body: (ids) => ({ siteId: seedA.siteId, serviceId: ids.serviceId, date: "2026-01-01", amount: "1.00" }), field: "serviceId",
  },
  { name: "POST /api/v1/deliverables with B's serviceId", method: "POST", handler: createDeliverable, path: () => "/api/v1/deliverables", body: (ids) => ({ serviceId: ids.serviceId, date: "2026-01-01", title: "Planted" }), field: "serviceId" },
  { name: "POST /api/v1/metrics with B's siteId", method: "POST", handler: postMetrics, path: () => "/api/v1/metrics", body: (ids) => ({ siteId: ids.siteId, rows: [{ date: "2026-01-10", sessions: 999999 }] }), field: "siteId" },
];

const credentials: { name: string; options: () => RequestOptions }[] = [
  { name: "A's owner session", options: () => ({ sessionToken: ownerSessionA }) },
  { name: "an A admin API key", options: () => ({ apiKey: adminKeyA }) },
];

const matrix = credentials.flatMap((credential) => crossTenantCases.map((route) => ({ ...route, credential, title: `${route.name}, as ${credential.name}` })));

beforeAll(async () => {
  const [a, b] = await Promise.all([seedTenant("A"), seedTenant("B")]);
  [seedA, seedB, ownerSessionA, ownerSessionB] = [a.seed, b.seed, a.session, b.session];
  adminKeyA = await keyFor(seedA.tenant, ownerSessionA, "admin");
});

describe(`cross-tenant matrix: ${crossTenantCases.length} routes × ${credentials.length} credentials = ${matrix.length} cases`, () => {
  for (const testCase of matrix) it(`${testCase.title} → 404, B unchanged and unseen`, async () => {
    const [beforeA, beforeB] = await Promise.all([snapshot(seedA.tenant.id), snapshot(seedB.tenant.id)]);
    const result = await send(testCase, seedB, testCase.credential.options());

    expect([result.status, result.body.error?.code]).toEqual([404, "not_found"]);
    if (testCase.field) expect(result.body.error?.details?.map((detail) => detail.field)).toEqual([testCase.field]);
    const text = JSON.stringify(result.body);
    for (const secret of [seedB.marker, seedB.marker.toLowerCase(), seedB.domain, seedB.tenant.id]) expect(text).not.toContain(secret);

    expect(await snapshot(seedB.tenant.id)).toBe(beforeB);
    expect(await snapshot(seedA.tenant.id)).toBe(beforeA);
  });

  it("leaves B's rows in place after the whole matrix, and B still sees them", async () => {
    const [sites, services, costLines, deliverables, metrics] = await Promise.all(
      ["sites", "services", "cost_lines", "deliverables", "metrics_daily"].map((table) =>
        ownerQuery<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [seedB.tenant.id]).then((rows) => rows[0]!.n),
      ),
    );
    expect({ sites, services, costLines, deliverables, metrics }).toEqual({ sites: 1, services: 1, costLines: 1, deliverables: 1, metrics: 2 });
    for (const route of reads.filter((read) => read.params)) {
      const result = await call(route.handler, tenantRequest(seedB.tenant.subdomain, route.path(seedB), { sessionToken: ownerSessionB }), route.params!(seedB));
      expect([route.name, result.status]).toEqual([route.name, 200]);
      expect(JSON.stringify(result.body)).toContain(seedB.marker);
    }
  });

  for (const credential of credentials) it(`A's unfiltered lists and report show only A's rows, as ${credential.name}`, async () => {
    for (const route of reads.filter((read) => !read.params)) {
      const path = route.handler === roiReport ? `/api/v1/reports/roi?${REPORT_QUERY}&groupBy=site` : route.path(seedA);
      const result = await call(route.handler, tenantRequest(seedA.tenant.subdomain, path, credential.options()));
      expect(result.status, route.name).toBe(200);
      const text = JSON.stringify(result.body);
      expect(text, route.name).toContain(seedA.marker);
      for (const secret of [seedB.marker, seedB.siteId, seedB.serviceId, seedB.costLineId, seedB.deliverableId]) expect(text, route.name).not.toContain(secret);
    }
    // The report's totals are A's alone: 1000.00 + 5.00 of revenue, 100 + 10 sessions.
    const report = await call<{ totals: { revenue: number; sessions: number } }>(roiReport, tenantRequest(seedA.tenant.subdomain, `/api/v1/reports/roi?${REPORT_QUERY}`, credential.options()));
    expect(report.body.totals).toMatchObject({ revenue: 100500, sessions: 110 });
  });
});

// ---------------------------------------------------------------------------------------------------

describe(`authentication and roles over ${routes.length} route × method pairs`, () => {
  const sessions = new Map<string, string>();
  let viewerKeyA: string;

  beforeAll(async () => {
    for (const role of ["viewer", "billing", "analyst"] as const) sessions.set(role, await mintSessionToken(await createTestUser(seedA.tenant.id, maskOf(role))));
    viewerKeyA = await keyFor(seedA.tenant, ownerSessionA, "viewer");
  });

  for (const route of routes) it(`${route.name} without credentials → 401`, async () => {
    const before = await snapshot(seedA.tenant.id);
    const result = await send(route, seedA, {});
    expect([result.status, result.body.error?.code]).toEqual([401, "unauthorized"]);
    expect(await snapshot(seedA.tenant.id)).toBe(before);
  });

  for (const route of reads) it(`${route.name} as a viewer → 200`, async () => {
    const result = await send(route, seedA, { sessionToken: sessions.get("viewer")! });
    expect(result.status).toBe(200);
    expect(JSON.stringify(result.body)).toContain(route.handler === roiReport ? '"currency":"USD"' : seedA.marker);
  });

  for (const route of writes) it(`${route.name} as a viewer session or viewer key → 403, nothing changes`, async () => {
    const before = await snapshot(seedA.tenant.id);
    for (const options of [{ sessionToken: sessions.get("viewer")! }, { apiKey: viewerKeyA }]) {
      const result = await send(route, seedA, options);
      expect([result.status, result.body.error?.code]).toEqual([403, "forbidden"]);
    }
    expect(await snapshot(seedA.tenant.id)).toBe(before);
  });

  for (const route of routes) it(`${route.name} as billing → 403 (billing has no data access)`, async () => {
    const before = await snapshot(seedA.tenant.id);
    const result = await send(route, seedA, { sessionToken: sessions.get("billing")! });
    expect([result.status, result.body.error?.code]).toEqual([403, "forbidden"]);
    expect(JSON.stringify(result.body)).not.toContain(seedA.marker);
    expect(await snapshot(seedA.tenant.id)).toBe(before);
  });

  for (const route of writes) it(`${route.name} by cookie without a same-site Origin → 403, nothing changes`, async () => {
    const before = await snapshot(seedA.tenant.id);
    for (const origin of [null, "http://evil.example", `http://${seedB.tenant.subdomain}.roispectrum.localhost:3000`]) {
      const result = await send(route, seedA, { sessionToken: ownerSessionA, origin });
      expect([result.status, result.body.error?.code]).toEqual([403, "forbidden"]);
    }
    expect(await snapshot(seedA.tenant.id)).toBe(before);
  });

  it("an analyst API key can write every route, and an analyst session can too", async () => {
    const analystKey = await keyFor(seedA.tenant, ownerSessionA, "analyst");
    for (const credential of [{ apiKey: analystKey }, { sessionToken: sessions.get("analyst")! }]) {
      const request = (path: string, options: RequestOptions) => tenantRequest(seedA.tenant.subdomain, path, { ...credential, ...options });
      const site = expectStatus(await call(createSite, request("/api/v1/sites", { json: { name: "Analyst site", domain: uniqueDomain(), currency: "USD", timezone: "UTC" } })), 201);
      const siteId = String(site.id);
      expectStatus(await call(patchSite, request(`/api/v1/sites/${siteId}`, { method: "PATCH", json: { name: "Analyst site 2" } }), { id: siteId }), 200);
      const service = expectStatus(await call(createService, request("/api/v1/services", { json: { siteId, kind: "other", name: "S", startDate: "2026-01-01", monthlyFee: "1.00" } })), 201);
      const serviceId = String(service.id);
      expectStatus(await call(patchService, request(`/api/v1/services/${serviceId}`, { method: "PATCH", json: { name: "S2" } }), { id: serviceId }), 200);
      const costLine = expectStatus(await call(createCostLine, request("/api/v1/cost-lines", { json: { siteId, serviceId, date: "2026-01-01", amount: "1.00" } })), 201);
      const costLineId = String(costLine.id);
      expectStatus(await call(patchCostLine, request(`/api/v1/cost-lines/${costLineId}`, { method: "PATCH", json: { note: "n" } }), { id: costLineId }), 200);
      const deliverable = expectStatus(await call(createDeliverable, request("/api/v1/deliverables", { json: { serviceId, date: "2026-01-01", title: "D" } })), 201);
      const deliverableId = String(deliverable.id);
      expectStatus(await call(patchDeliverable, request(`/api/v1/deliverables/${deliverableId}`, { method: "PATCH", json: { hours: 1 } }), { id: deliverableId }), 200);
      expectStatus(await call(postMetrics, request("/api/v1/metrics", { json: { siteId, rows: [{ date: "2026-01-01", sessions: 1 }] } })), 200);
      expectStatus(await call(deleteDeliverable, request(`/api/v1/deliverables/${deliverableId}`, { method: "DELETE" }), { id: deliverableId }), 204);
      expectStatus(await call(deleteCostLine, request(`/api/v1/cost-lines/${costLineId}`, { method: "DELETE" }), { id: costLineId }), 204);
      expectStatus(await call(deleteService, request(`/api/v1/services/${serviceId}`, { method: "DELETE" }), { id: serviceId }), 204);
      expectStatus(await call(deleteSite, request(`/api/v1/sites/${siteId}`, { method: "DELETE" }), { id: siteId }), 204);
    }
  });
});

// ---------------------------------------------------------------------------------------------------

describe(`request bodies on ${bodied.length} POST/PATCH routes`, () => {
  for (const route of bodied) it(`${route.name} with malformed JSON → 400 invalid_json, nothing changes`, async () => {
    const before = await snapshot(seedA.tenant.id);
    for (const rawBody of ["{", "{\"name\": }", "[1,", "undefined", "{'single': 'quotes'}"]) {
      const result = await call<ErrorBody>(route.handler, tenantRequest(seedA.tenant.subdomain, route.path(seedA), {
        method: route.method, apiKey: adminKeyA, rawBody, headers: { "content-type": "application/json" },
      }), route.params?.(seedA) ?? {});
      expect([result.status, result.body.error?.code]).toEqual([400, "invalid_json"]);
    }
    expect(await snapshot(seedA.tenant.id)).toBe(before);
  });

  for (const route of bodied) it(`${route.name} over its body cap → 413 payload_too_large, nothing changes`, async () => {
    const before = await snapshot(seedA.tenant.id);
    const cap = route.maxBodyBytes ?? MiB;
    const result = await call<ErrorBody>(route.handler, tenantRequest(seedA.tenant.subdomain, route.path(seedA), {
      method: route.method, apiKey: adminKeyA, json: { name: "x".repeat(cap) },
    }), route.params?.(seedA) ?? {});
    expect([result.status, result.body.error?.code]).toEqual([413, "payload_too_large"]);
    expect(await snapshot(seedA.tenant.id)).toBe(before);
  });

  for (const route of bodied) it(`${route.name} with a non-JSON content type → 415`, async () => {
    const result = await call<ErrorBody>(route.handler, tenantRequest(seedA.tenant.subdomain, route.path(seedA), {
      method: route.method, apiKey: adminKeyA, rawBody: JSON.stringify(route.body?.(seedA)), headers: { "content-type": "text/plain" },
    }), route.params?.(seedA) ?? {});
    expect([result.status, result.body.error?.code]).toEqual([415, "unsupported_media_type"]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe("GET /api/v1/reports/roi: query validation", () => {
  const report = (query: string) => call<ErrorBody>(roiReport, tenantRequest(seedA.tenant.subdomain, `/api/v1/reports/roi?${query}`, { apiKey: adminKeyA }));

  it.each([
    ["from after to", 422, "from", "from=2026-03-01&to=2026-02-28"],
    ["a range over five years", 422, "to", "from=2020-01-01&to=2025-12-31"],
    ["granularity=hour", 422, "granularity", `${REPORT_QUERY}&granularity=hour`],
    ["an unknown compare mode", 422, "compare", `${REPORT_QUERY}&compare=last_week`],
    ["an unknown groupBy", 422, "groupBy", `${REPORT_QUERY}&groupBy=service`],
    ["a date that does not exist", 422, "from", "from=2026-02-30&to=2026-03-31"],
    ["a missing to", 422, "to", "from=2026-01-01"],
    ["an unknown currency", 422, "currency", `${REPORT_QUERY}&currency=XYZ`],
    ["a malformed siteId", 422, "siteId", `${REPORT_QUERY}&siteId=1%20OR%201%3D1`],
    ["a siteId that exists nowhere", 404, "siteId", `${REPORT_QUERY}&siteId=${randomUUID()}`],
  ])("refuses %s (%i naming %s)", async (_label, status, field, query) => {
    const result = await report(query);
    expect(result.status).toBe(status);
    expect(result.body.error?.details?.map((detail) => detail.field)).toEqual([field]);
  });

  it("refuses an unknown query parameter (422)", async () => {
    const result = await report(`${REPORT_QUERY}&tenantId=${seedB.tenant.id}`);
    expect([result.status, result.body.error?.code]).toEqual([422, "validation_failed"]);
    expect(JSON.stringify(result.body)).toContain("tenantId");
  });

  it("accepts exactly five years (1,827 days)", async () => {
    expect((await report("from=2024-01-01&to=2028-12-31&granularity=month")).status).toBe(200);
  });
});
