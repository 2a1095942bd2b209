import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listSites, POST as createSite } from "@/app/api/v1/sites/route";
import { DELETE as deleteSite, GET as getSite, PATCH as patchSite } from "@/app/api/v1/sites/[id]/route";
import { GET as listServices, POST as createService } from "@/app/api/v1/services/route";
import { DELETE as deleteService, GET as getService, PATCH as patchService } from "@/app/api/v1/services/[id]/route";
import { GET as listCostLines, POST as createCostLine } from "@/app/api/v1/cost-lines/route";
import { DELETE as deleteCostLine, GET as getCostLine, PATCH as patchCostLine } from "@/app/api/v1/cost-lines/[id]/route";
import { GET as listDeliverables, POST as createDeliverable } from "@/app/api/v1/deliverables/route";
import { DELETE as deleteDeliverable, GET as getDeliverable, PATCH as patchDeliverable } from "@/app/api/v1/deliverables/[id]/route";
import { POST as postMetrics } from "@/app/api/v1/metrics/route";
import { createTestTenant, createTestUser, type TestTenant } from "../helpers/factories";
import { ownerQuery } from "../helpers/owner-sql";
import { call, mintSessionToken, tenantRequest, type CallResult } from "../helpers/requests";

// Specification of the CRUD routes for sites, services, cost lines and deliverables, called as the
// owner of a fresh workspace. Cross-tenant access and roles are in site-data-isolation.test.ts.

type Handler = Parameters<typeof call>[0];
type RequestOptions = NonNullable<Parameters<typeof tenantRequest>[2]>;
type Json = Record<string, unknown>;

interface ErrorBody {
  error: { code: string; message: string; details?: { field?: string; row?: number; message: string }[] };
}

interface Page {
  data: Json[];
  nextCursor: string | null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A workspace with an owner session, and a USD site with one service to hang children on. */
interface Scope {
  tenant: TestTenant;
  session: string;
  siteId: string;
  serviceId: string;
}

function uniqueDomain(label = "site"): string {
  return `${label}-${randomBytes(4).toString("hex")}.example.com`;
}

async function api<T = Json>(scope: Pick<Scope, "tenant" | "session">, handler: Handler, path: string, options: RequestOptions = {}, params: Record<string, string> = {}): Promise<CallResult<T>> {
  return call<T>(handler, tenantRequest(scope.tenant.subdomain, path, { sessionToken: scope.session, ...options }), params);
}

async function created(result: CallResult): Promise<Json> {
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body;
}

/** The field names of a 4xx answer's details. */
function fieldsOf(result: CallResult<ErrorBody>): (string | undefined)[] {
  return (result.body.error.details ?? []).map((detail) => detail.field);
}

async function newScope(currency = "USD"): Promise<Scope> {
  const tenant = await createTestTenant("Site Data Agency", { plan: "agency" });
  const session = await mintSessionToken(await createTestUser(tenant.id));
  const base = { tenant, session };
  const site = await created(await api(base, createSite, "/api/v1/sites", { json: { name: "Parent site", domain: uniqueDomain("parent"), currency, timezone: "UTC" } }));
  const service = await created(
    await api(base, createService, "/api/v1/services", { json: { siteId: site.id, kind: "technical", name: "Parent service", startDate: "2026-01-01", monthlyFee: "100" } }),
  );
  return { ...base, siteId: String(site.id), serviceId: String(service.id) };
}

async function countRows(table: string, tenantId: string, where: string, value: string): Promise<number> {
  const rows = await ownerQuery<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1 AND ${where} = $2`, [tenantId, value]);
  return rows[0]!.n;
}

// ---------------------------------------------------------------------------------------------------
// The same CRUD contract, once per resource.

interface CrudResource {
  name: string;
  path: string;
  table: string;
  list: Handler;
  create: Handler;
  get: Handler;
  patch: Handler;
  remove: Handler;
  /** Every key of the public shape. */
  keys: string[];
  createBody: (scope: Scope, n: number) => Json;
  /** What the create answer must contain (money in minor units). */
  createdView: (scope: Scope, n: number) => Json;
  /** The stored columns (as text) after creation, read as the schema owner. */
  storedColumns: string;
  stored: (scope: Scope, n: number) => Json;
  patchBody: Json;
  patchedView: Json;
  /** Rows of the resource that exist in a fresh scope before the test creates any (newest first). */
  existing: (scope: Scope) => string[];
}

const resources: CrudResource[] = [
  {
    name: "sites",
    path: "/api/v1/sites",
    table: "sites",
    list: listSites, create: createSite, get: getSite, patch: patchSite, remove: deleteSite,
    keys: ["createdAt", "currency", "domain", "id", "name", "timezone"],
    createBody: (_scope, n) => ({ name: `Site ${n}`, domain: `https://WWW.Site-${n}-Shop.Example.com/landing?utm=1`, currency: "eur", timezone: "Europe/Berlin" }),
    createdView: (_scope, n) => ({ name: `Site ${n}`, domain: `www.site-${n}-shop.example.com`, currency: "EUR", timezone: "Europe/Berlin" }),
    storedColumns: "name, domain, currency, timezone",
    stored: (_scope, n) => ({ name: `Site ${n}`, domain: `www.site-${n}-shop.example.com`, currency: "EUR", timezone: "Europe/Berlin" }),
    patchBody: { name: "Renamed site", timezone: "America/New_York" },
    patchedView: { name: "Renamed site", timezone: "America/New_York", currency: "EUR" },
    existing: (scope) => [scope.siteId],
  },
  {
    name: "services",
    path: "/api/v1/services",
    table: "services",
    list: listServices, create: createService, get: getService, patch: patchService, remove: deleteService,
    keys: ["createdAt", "currency", "endDate", "id", "kind", "monthlyFee", "name", "siteId", "startDate"],
    createBody: (scope, n) => ({ siteId: scope.siteId, kind: "content", name: `Service ${n}`, startDate: "2026-01-01", monthlyFee: "1000.00" }),
    createdView: (scope, n) => ({ siteId: scope.siteId, kind: "content", name: `Service ${n}`, startDate: "2026-01-01", endDate: null, monthlyFee: 100000, currency: "USD" }),
    storedColumns: "name, kind, start_date::text AS start_date, end_date::text AS end_date, monthly_fee::text AS monthly_fee",
    stored: (_scope, n) => ({ name: `Service ${n}`, kind: "content", start_date: "2026-01-01", end_date: null, monthly_fee: "100000" }),
    patchBody: { monthlyFee: 1500, endDate: "2026-12-31" },
    patchedView: { monthlyFee: 150000, endDate: "2026-12-31", startDate: "2026-01-01", kind: "content" },
    existing: (scope) => [scope.serviceId],
  },
  {
    name: "cost-lines",
    path: "/api/v1/cost-lines",
    table: "cost_lines",
    list: listCostLines, create: createCostLine, get: getCostLine, patch: patchCostLine, remove: deleteCostLine,
    keys: ["amount", "createdAt", "currency", "date", "id", "note", "serviceId", "siteId"],
    createBody: (scope, n) => ({ siteId: scope.siteId, serviceId: scope.serviceId, date: "2026-02-10", amount: "250.50", note: `Audit tool ${n}` }),
    createdView: (scope, n) => ({ siteId: scope.siteId, serviceId: scope.serviceId, date: "2026-02-10", amount: 25050, currency: "USD", note: `Audit tool ${n}` }),
    storedColumns: "date::text AS date, amount::text AS amount, note",
    stored: (_scope, n) => ({ date: "2026-02-10", amount: "25050", note: `Audit tool ${n}` }),
    patchBody: { amount: "-10.00", note: null },
    patchedView: { amount: -1000, note: null, date: "2026-02-10" },
    existing: () => [],
  },
  {
    name: "deliverables",
    path: "/api/v1/deliverables",
    table: "deliverables",
    list: listDeliverables, create: createDeliverable, get: getDeliverable, patch: patchDeliverable, remove: deleteDeliverable,
    keys: ["createdAt", "date", "hours", "id", "serviceId", "siteId", "title", "url"],
    createBody: (scope, n) => ({ serviceId: scope.serviceId, date: "2026-02-01", title: `Published guide ${n}`, url: `https://shop.example.com/guides/${n}`, hours: 2.5 }),
    createdView: (scope, n) => ({ siteId: scope.siteId, serviceId: scope.serviceId, date: "2026-02-01", title: `Published guide ${n}`, url: `https://shop.example.com/guides/${n}`, hours: 2.5 }),
    storedColumns: "date::text AS date, title, url, hours::text AS hours",
    stored: (_scope, n) => ({ date: "2026-02-01", title: `Published guide ${n}`, url: `https://shop.example.com/guides/${n}`, hours: "2.50" }),
    patchBody: { title: "Renamed guide", hours: null },
    patchedView: { title: "Renamed guide", hours: null, date: "2026-02-01" },
    existing: () => [],
  },
];

for (const resource of resources) describe(resource.path, () => {
  let scope: Scope;
  const itemPath = (id: string) => `${resource.path}/${id}`;

  beforeAll(async () => {
    scope = await newScope();
  });

  it("creates one: 201 with its id, the public shape, and money stored exactly in minor units", async () => {
    const body = await created(await api(scope, resource.create, resource.path, { json: resource.createBody(scope, 1) }));
    expect(body.id).toMatch(UUID);
    expect(Object.keys(body).sort()).toEqual(resource.keys);
    expect(body).toMatchObject(resource.createdView(scope, 1));
    expect(body.createdAt).toMatch(ISO_INSTANT);
    const stored = await ownerQuery(`SELECT ${resource.storedColumns} FROM ${resource.table} WHERE tenant_id = $1 AND id = $2`, [scope.tenant.id, body.id]);
    expect(stored).toEqual([resource.stored(scope, 1)]);
  });

  it("reads one back by id exactly as it was created", async () => {
    const body = await created(await api(scope, resource.create, resource.path, { json: resource.createBody(scope, 2) }));
    const read = await api(scope, resource.get, itemPath(String(body.id)), {}, { id: String(body.id) });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(body);
  });

  it("pages newest first with keyset cursors: limit 2 visits every row once and ends with nextCursor null", async () => {
    const fresh = await newScope();
    const ids: string[] = [];
    // One at a time, so creation order is the order of created_at.
    for (let n = 1; n <= 5; n++) ids.push(String((await created(await api(fresh, resource.create, resource.path, { json: resource.createBody(fresh, n) }))).id));
    const expected = [...ids].reverse().concat(resource.existing(fresh));

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const page: CallResult<Page> = await api<Page>(fresh, resource.list, `${resource.path}${query}`);
      expect(page.status).toBe(200);
      pages.push(page.body.data.map((row) => String(row.id)));
      cursor = page.body.nextCursor;
    } while (cursor !== null && pages.length < 10);

    expect(pages).toHaveLength(3);
    expect(pages.map((page) => page.length)).toEqual(expected.length === 5 ? [2, 2, 1] : [2, 2, 2]);
    expect(pages.flat()).toEqual(expected);
    expect(new Set(pages.flat()).size).toBe(expected.length);

    const all = await api<Page>(fresh, resource.list, resource.path);
    expect(all.body.data.map((row) => row.id)).toEqual(expected);
    expect(all.body.nextCursor).toBeNull();
  });

  it.each([
    ["a garbage cursor", "?cursor=garbage", "cursor"],
    ["a cursor with a forged id", `?cursor=${Buffer.from("2026-01-01T00:00:00.000Z|' OR 1=1 --").toString("base64url")}`, "cursor"],
    ["limit 0", "?limit=0", "limit"],
    ["limit 201", "?limit=201", "limit"],
    ["a non-numeric limit", "?limit=ten", "limit"],
  ])("refuses %s with 422 naming the parameter", async (_label, query, field) => {
    const result = await api<ErrorBody>(scope, resource.list, `${resource.path}${query}`);
    expect(result.status).toBe(422);
    expect(result.body.error.code).toBe("validation_failed");
    expect(fieldsOf(result)).toContain(field);
  });

  it("PATCH changes the fields sent, keeps the others, and GET then shows the change", async () => {
    const body = await created(await api(scope, resource.create, resource.path, { json: resource.createBody(scope, 3) }));
    const id = String(body.id);
    const patched = await api(scope, resource.patch, itemPath(id), { method: "PATCH", json: resource.patchBody }, { id });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...body, ...resource.patchedView });
    const read = await api(scope, resource.get, itemPath(id), {}, { id });
    expect(read.body).toEqual(patched.body);
  });

  it("PATCH with no fields or an unknown field is 422 and changes nothing", async () => {
    const body = await created(await api(scope, resource.create, resource.path, { json: resource.createBody(scope, 4) }));
    const id = String(body.id);
    for (const json of [{}, { ...resource.patchBody, tenantId: randomUUID() }, { id: randomUUID() }]) {
      const result = await api<ErrorBody>(scope, resource.patch, itemPath(id), { method: "PATCH", json }, { id });
      expect(result.status).toBe(422);
    }
    expect((await api(scope, resource.get, itemPath(id), {}, { id })).body).toEqual(body);
  });

  it("DELETE answers 204 with no body; afterwards GET, PATCH and DELETE answer 404", async () => {
    const body = await created(await api(scope, resource.create, resource.path, { json: resource.createBody(scope, 5) }));
    const id = String(body.id);
    const removed = await api(scope, resource.remove, itemPath(id), { method: "DELETE" }, { id });
    expect(removed.status).toBe(204);
    expect(removed.body).toEqual({});
    expect(await countRows(resource.table, scope.tenant.id, "id", id)).toBe(0);

    expect((await api(scope, resource.get, itemPath(id), {}, { id })).status).toBe(404);
    expect((await api(scope, resource.patch, itemPath(id), { method: "PATCH", json: resource.patchBody }, { id })).status).toBe(404);
    expect((await api(scope, resource.remove, itemPath(id), { method: "DELETE" }, { id })).status).toBe(404);
  });

  it.each([
    ["an unknown id", () => randomUUID()],
    ["a malformed id", () => "1 OR 1=1"],
    ["an empty id", () => ""],
  ])("answers 404 not_found for %s on GET, PATCH and DELETE", async (_label, makeId) => {
    const id = makeId();
    const path = itemPath(encodeURIComponent(id));
    for (const [handler, options] of [
      [resource.get, {}],
      [resource.patch, { method: "PATCH", json: resource.patchBody }],
      [resource.remove, { method: "DELETE" }],
    ] as const) {
      const result = await api<ErrorBody>(scope, handler, path, options, { id });
      expect([result.status, result.body.error.code]).toEqual([404, "not_found"]);
    }
  });
});

describe("keyset cursors and database-default timestamps", () => {
  // KNOWN BUG (reported, not fixed here): created_at is timestamptz(6) but the cursor carries a JS Date
  // (milliseconds). Rows written with the column default (bench/seed SQL, any raw INSERT) have
  // microseconds, so everything after the first page in the same millisecond is skipped. Prisma
  // writes millisecond timestamps itself, which is why the API-created rows above page correctly.
  // it.fails keeps the suite green while the bug stands; turn it into it() once the columns are
  // timestamptz(3) (or the cursor keeps microseconds).
  it("pages every row inserted with the database's now(), none skipped", async () => {
    const scope = await newScope();
    await ownerQuery(
      `INSERT INTO sites (tenant_id, name, domain, currency, timezone)
       SELECT $1, 'Bulk ' || g, 'bulk-' || g || '-' || $2 || '.example.com', 'USD', 'UTC' FROM generate_series(1, 5) g`,
      [scope.tenant.id, randomBytes(4).toString("hex")],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: CallResult<Page> = await api<Page>(scope, listSites, `/api/v1/sites?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      seen.push(...page.body.data.map((row) => String(row.id)));
      cursor = page.body.nextCursor;
    } while (cursor !== null && seen.length < 20);
    expect(seen).toHaveLength(6); // the five bulk rows and the parent site
  });
});

// ---------------------------------------------------------------------------------------------------

describe("sites: domains and currency", () => {
  let scope: Scope;

  beforeAll(async () => {
    scope = await newScope();
  });

  const newSite = (domain: string, target: Pick<Scope, "tenant" | "session"> = scope) =>
    api<ErrorBody & Json>(target, createSite, "/api/v1/sites", { json: { name: "Shop", domain, currency: "USD", timezone: "UTC" } });

  it("refuses a domain the workspace already tracks, in any letter case (409 naming domain), and stores nothing", async () => {
    const domain = uniqueDomain("shop");
    await created(await newSite(domain));
    for (const variant of [domain, domain.toUpperCase(), `https://${domain}/`, `${domain}.`]) {
      const duplicate = await newSite(variant);
      expect([duplicate.status, duplicate.body.error.code]).toEqual([409, "conflict"]);
      expect(fieldsOf(duplicate)).toEqual(["domain"]);
    }
    const stored = await ownerQuery<{ n: number }>("SELECT count(*)::int AS n FROM sites WHERE tenant_id = $1 AND lower(domain) = $2", [scope.tenant.id, domain]);
    expect(stored[0]!.n).toBe(1);
  });

  it("lets another workspace track the same domain", async () => {
    const domain = uniqueDomain("shared");
    await created(await newSite(domain));
    const other = await newScope();
    const site = await created(await newSite(domain.toUpperCase(), other));
    expect(site.domain).toBe(domain);
  });

  it("refuses moving a site onto a domain another of its sites tracks (409), and keeps the old domain", async () => {
    const [first, second] = [uniqueDomain("first"), uniqueDomain("second")];
    await created(await newSite(first));
    const site = await created(await newSite(second));
    const id = String(site.id);
    const moved = await api<ErrorBody>(scope, patchSite, `/api/v1/sites/${id}`, { method: "PATCH", json: { domain: first.toUpperCase() } }, { id });
    expect([moved.status, fieldsOf(moved)]).toEqual([409, ["domain"]]);
    expect((await api(scope, getSite, `/api/v1/sites/${id}`, {}, { id })).body.domain).toBe(second);
  });

  it("refuses to change the currency (422) and changes nothing else sent with it", async () => {
    const site = await created(await newSite(uniqueDomain()));
    const id = String(site.id);
    for (const json of [{ currency: "EUR" }, { currency: "EUR", name: "Renamed" }]) {
      const result = await api<ErrorBody>(scope, patchSite, `/api/v1/sites/${id}`, { method: "PATCH", json }, { id });
      expect(result.status).toBe(422);
      expect(JSON.stringify(result.body.error.details)).toContain("currency");
    }
    expect((await api(scope, getSite, `/api/v1/sites/${id}`, {}, { id })).body).toEqual(site);
  });

  it.each([
    ["a domain that is not a host name", "domain", { domain: "not a domain" }],
    ["a javascript: domain", "domain", { domain: "javascript:alert(1)" }],
    ["an unknown currency", "currency", { currency: "XYZ" }],
    ["an unknown time zone", "timezone", { timezone: "Mars/Olympus_Mons" }],
    ["an empty name", "name", { name: "  " }],
    ["a 201-character name", "name", { name: "x".repeat(201) }],
    ["a numeric name", "name", { name: 42 }],
  ])("refuses %s (422 naming %s)", async (_label, field, override) => {
    const result = await api<ErrorBody>(scope, createSite, "/api/v1/sites", {
      json: { name: "Shop", domain: uniqueDomain(), currency: "USD", timezone: "UTC", ...override },
    });
    expect([result.status, result.body.error.code]).toEqual([422, "validation_failed"]);
    expect(fieldsOf(result)).toContain(field);
  });

  it("refuses unknown fields such as a tenantId (422)", async () => {
    const result = await api<ErrorBody>(scope, createSite, "/api/v1/sites", {
      json: { name: "Shop", domain: uniqueDomain(), currency: "USD", timezone: "UTC", tenantId: randomUUID() },
    });
    expect(result.status).toBe(422);
  });
});

describe("money: decimals in the site's currency in, integer minor units out", () => {
  const scopes = new Map<string, Scope>();

  beforeAll(async () => {
    for (const currency of ["USD", "JPY", "BHD"]) scopes.set(currency, await newScope(currency));
  });

  const postFee = (currency: string, monthlyFee: unknown) => {
    const scope = scopes.get(currency)!;
    return api<ErrorBody & Json>(scope, createService, "/api/v1/services", {
      json: { siteId: scope.siteId, kind: "links", name: "Fee check", startDate: "2026-01-01", monthlyFee },
    });
  };

  it.each([
    ["USD", "1000.00", 100000],
    ["USD", "1000", 100000],
    ["USD", 1000.5, 100050],
    ["USD", " 0.1 ", 10],
    ["USD", "0", 0],
    ["JPY", "1000", 1000],
    ["JPY", 1000, 1000],
    ["BHD", "1.234", 1234],
    ["BHD", "1", 1000],
  ])("%s %j is stored as %i minor units", async (currency, fee, minor) => {
    const result = await postFee(currency, fee);
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ monthlyFee: minor, currency });
    const stored = await ownerQuery<{ monthly_fee: string }>("SELECT monthly_fee::text FROM services WHERE tenant_id = $1 AND id = $2", [scopes.get(currency)!.tenant.id, result.body.id]);
    expect(stored[0]!.monthly_fee).toBe(String(minor));
  });

  it.each([
    ["JPY", "10.5"],
    ["USD", "1.234"],
    ["BHD", "1.2345"],
    ["USD", "-1.00"],
    ["USD", -5],
    ["USD", "1e3"],
    ["USD", "1,000.00"],
    ["USD", "$1000"],
    ["USD", "abc"],
    ["USD", null],
    ["USD", true],
    ["USD", "99999999999999999"],
  ])("%s %j is refused with 422 naming monthlyFee", async (currency, fee) => {
    const result = await postFee(currency, fee);
    expect([result.status, result.body.error.code]).toEqual([422, "validation_failed"]);
    expect(fieldsOf(result)).toContain("monthlyFee");
  });

  it("refuses a negative fee on PATCH too, and keeps the stored fee", async () => {
    const scope = scopes.get("USD")!;
    const id = scope.serviceId;
    const result = await api<ErrorBody>(scope, patchService, `/api/v1/services/${id}`, { method: "PATCH", json: { monthlyFee: "-0.01" } }, { id });
    expect([result.status, fieldsOf(result)]).toEqual([422, ["monthlyFee"]]);
    expect((await api(scope, getService, `/api/v1/services/${id}`, {}, { id })).body.monthlyFee).toBe(10000);
  });
});

describe("services: rules", () => {
  let scope: Scope;

  beforeAll(async () => {
    scope = await newScope();
  });

  const serviceBody = (override: Json) => ({ siteId: scope.siteId, kind: "local", name: "Local SEO", startDate: "2026-03-01", monthlyFee: "500.00", ...override });

  it("refuses an end date before the start date (422 naming endDate) and stores nothing", async () => {
    const result = await api<ErrorBody>(scope, createService, "/api/v1/services", { json: serviceBody({ name: "Backwards", endDate: "2026-02-28" }) });
    expect([result.status, fieldsOf(result)]).toEqual([422, ["endDate"]]);
    const stored = await ownerQuery<{ n: number }>("SELECT count(*)::int AS n FROM services WHERE tenant_id = $1 AND name = 'Backwards'", [scope.tenant.id]);
    expect(stored[0]!.n).toBe(0);
  });

  it("accepts an end date equal to the start date (a one-day engagement)", async () => {
    const body = await created(await api(scope, createService, "/api/v1/services", { json: serviceBody({ endDate: "2026-03-01" }) }));
    expect(body).toMatchObject({ startDate: "2026-03-01", endDate: "2026-03-01" });
  });

  it("checks PATCHed dates against the stored ones (422 naming endDate)", async () => {
    const body = await created(await api(scope, createService, "/api/v1/services", { json: serviceBody({ endDate: "2026-06-30" }) }));
    const id = String(body.id);
    for (const json of [{ endDate: "2026-02-01" }, { startDate: "2026-07-01" }]) {
      const result = await api<ErrorBody>(scope, patchService, `/api/v1/services/${id}`, { method: "PATCH", json }, { id });
      expect([result.status, fieldsOf(result)]).toEqual([422, ["endDate"]]);
    }
    const cleared = await api(scope, patchService, `/api/v1/services/${id}`, { method: "PATCH", json: { endDate: null } }, { id });
    expect(cleared.body).toMatchObject({ startDate: "2026-03-01", endDate: null });
  });

  it.each([
    ["an unknown kind", "kind", { kind: "seo" }],
    ["a start date that does not exist", "startDate", { startDate: "2026-02-30" }],
    ["a start date in another format", "startDate", { startDate: "03/01/2026" }],
    ["a malformed site id", "siteId", { siteId: "site-1" }],
    ["a missing fee", "monthlyFee", { monthlyFee: undefined }],
  ])("refuses %s (422 naming %s)", async (_label, field, override) => {
    const result = await api<ErrorBody>(scope, createService, "/api/v1/services", { json: serviceBody(override) });
    expect([result.status, result.body.error.code]).toEqual([422, "validation_failed"]);
    expect(fieldsOf(result)).toContain(field);
  });

  it("answers 404 naming siteId for a site that does not exist", async () => {
    const result = await api<ErrorBody>(scope, createService, "/api/v1/services", { json: serviceBody({ siteId: randomUUID() }) });
    expect([result.status, result.body.error.code, fieldsOf(result)]).toEqual([404, "not_found", ["siteId"]]);
  });

  it("lists only the services of ?siteId= when given", async () => {
    const other = await created(await api(scope, createSite, "/api/v1/sites", { json: { name: "Other", domain: uniqueDomain(), currency: "USD", timezone: "UTC" } }));
    const mine = await created(await api(scope, createService, "/api/v1/services", { json: serviceBody({ siteId: other.id }) }));
    const listed = await api<Page>(scope, listServices, `/api/v1/services?siteId=${String(other.id)}`);
    expect(listed.body.data.map((row) => row.id)).toEqual([mine.id]);
  });
});

describe("cost lines: rules", () => {
  let scope: Scope;

  beforeAll(async () => {
    scope = await newScope();
  });

  it("accepts a negative amount as a credit", async () => {
    const body = await created(await api(scope, createCostLine, "/api/v1/cost-lines", { json: { siteId: scope.siteId, date: "2026-02-01", amount: "-50.00", note: "Refund" } }));
    expect(body).toMatchObject({ amount: -5000, serviceId: null, note: "Refund" });
    const stored = await ownerQuery<{ amount: string }>("SELECT amount::text FROM cost_lines WHERE tenant_id = $1 AND id = $2", [scope.tenant.id, body.id]);
    expect(stored[0]!.amount).toBe("-5000");
  });

  it("answers 404 naming serviceId for a service of another site of the same workspace, and stores nothing", async () => {
    const otherSite = await created(await api(scope, createSite, "/api/v1/sites", { json: { name: "Other", domain: uniqueDomain(), currency: "USD", timezone: "UTC" } }));
    const before = await countRows("cost_lines", scope.tenant.id, "site_id", String(otherSite.id));
    const result = await api<ErrorBody>(scope, createCostLine, "/api/v1/cost-lines", {
      json: { siteId: otherSite.id, serviceId: scope.serviceId, date: "2026-02-01", amount: "10.00" },
    });
    expect([result.status, result.body.error.code, fieldsOf(result)]).toEqual([404, "not_found", ["serviceId"]]);
    expect(await countRows("cost_lines", scope.tenant.id, "site_id", String(otherSite.id))).toBe(before);
  });

  it.each([
    ["a note over 500 characters", "note", { note: "n".repeat(501) }],
    ["a date that does not exist", "date", { date: "2025-02-29" }],
    ["too many decimals", "amount", { amount: "1.001" }],
    ["an amount that is an object", "amount", { amount: { $gt: 0 } }],
  ])("refuses %s (422 naming %s)", async (_label, field, override) => {
    const result = await api<ErrorBody>(scope, createCostLine, "/api/v1/cost-lines", { json: { siteId: scope.siteId, date: "2026-02-01", amount: "1.00", ...override } });
    expect([result.status, result.body.error.code]).toEqual([422, "validation_failed"]);
    expect(fieldsOf(result)).toContain(field);
  });
});

describe("deliverables: rules", () => {
  let scope: Scope;

  beforeAll(async () => {
    scope = await newScope();
  });

  const postDeliverable = (override: Json) =>
    api<ErrorBody & Json>(scope, createDeliverable, "/api/v1/deliverables", { json: { serviceId: scope.serviceId, date: "2026-04-01", title: "Fixed redirects", ...override } });

  it("takes its site from its service and leaves url and hours null when not sent", async () => {
    const body = await created(await postDeliverable({}));
    expect(body).toMatchObject({ siteId: scope.siteId, serviceId: scope.serviceId, url: null, hours: null });
  });

  it.each(["https://shop.example.com/blog?x=1#top", "http://shop.example.com", "HTTPS://SHOP.EXAMPLE.COM/"])("accepts the http(s) URL %s", async (url) => {
    expect((await postDeliverable({ url })).status).toBe(201);
  });

  it.each(["javascript:alert(document.cookie)", "JavaScript://%0Aalert(1)", "data:text/html,<script>alert(1)</script>", "ftp://shop.example.com", "//evil.example", "shop.example.com", "http://"])(
    "refuses the URL %s (422 naming url)",
    async (url) => {
      const result = await postDeliverable({ url });
      expect([result.status, fieldsOf(result)]).toEqual([422, ["url"]]);
    },
  );

  it("refuses a javascript: URL on PATCH too and keeps the stored URL", async () => {
    const body = await created(await postDeliverable({ url: "https://shop.example.com/a" }));
    const id = String(body.id);
    const result = await api<ErrorBody>(scope, patchDeliverable, `/api/v1/deliverables/${id}`, { method: "PATCH", json: { url: "javascript:alert(1)" } }, { id });
    expect([result.status, fieldsOf(result)]).toEqual([422, ["url"]]);
    expect((await api(scope, getDeliverable, `/api/v1/deliverables/${id}`, {}, { id })).body.url).toBe("https://shop.example.com/a");
  });

  it.each([
    ["negative hours", "hours", { hours: -1 }],
    ["hours with three decimals", "hours", { hours: 1.005 }],
    ["hours as a string", "hours", { hours: "2" }],
    ["an empty title", "title", { title: "" }],
    ["a malformed service id", "serviceId", { serviceId: "x" }],
  ])("refuses %s (422 naming %s)", async (_label, field, override) => {
    const result = await postDeliverable(override);
    expect([result.status, result.body.error.code]).toEqual([422, "validation_failed"]);
    expect(fieldsOf(result)).toContain(field);
  });

  it("answers 404 naming serviceId for a service that does not exist", async () => {
    const result = await postDeliverable({ serviceId: randomUUID() });
    expect([result.status, fieldsOf(result)]).toEqual([404, ["serviceId"]]);
  });

  it("lists by ?serviceId= and ?siteId=", async () => {
    const service = await created(await api(scope, createService, "/api/v1/services", { json: { siteId: scope.siteId, kind: "other", name: "Second", startDate: "2026-01-01", monthlyFee: 0 } }));
    const mine = await created(await postDeliverable({ serviceId: service.id, title: "Only for the second service" }));
    const byService = await api<Page>(scope, listDeliverables, `/api/v1/deliverables?serviceId=${String(service.id)}`);
    expect(byService.body.data.map((row) => row.id)).toEqual([mine.id]);
    const bySite = await api<Page>(scope, listDeliverables, `/api/v1/deliverables?siteId=${scope.siteId}&limit=200`);
    expect(bySite.body.data.map((row) => row.id)).toContain(mine.id);
    expect(bySite.body.data.every((row) => row.siteId === scope.siteId)).toBe(true);
  });
});

describe("deleting parents", () => {
  let scope: Scope;

  beforeAll(async () => {
    scope = await newScope();
  });

  /** A site with a service, a cost line of that service, a deliverable and a metrics row. */
  async function populatedSite(): Promise<{ siteId: string; serviceId: string; costLineId: string }> {
    const site = await created(await api(scope, createSite, "/api/v1/sites", { json: { name: "Doomed", domain: uniqueDomain("doomed"), currency: "USD", timezone: "UTC" } }));
    const siteId = String(site.id);
    const service = await created(await api(scope, createService, "/api/v1/services", { json: { siteId, kind: "content", name: "S", startDate: "2026-01-01", monthlyFee: "1.00" } }));
    const serviceId = String(service.id);
    const costLine = await created(await api(scope, createCostLine, "/api/v1/cost-lines", { json: { siteId, serviceId, date: "2026-01-02", amount: "3.00" } }));
    await created(await api(scope, createDeliverable, "/api/v1/deliverables", { json: { serviceId, date: "2026-01-03", title: "D" } }));
    const metrics = await api(scope, postMetrics, "/api/v1/metrics", { json: { siteId, rows: [{ date: "2026-01-04", sessions: 5 }] } });
    expect(metrics.status).toBe(200);
    return { siteId, serviceId, costLineId: String(costLine.id) };
  }

  const tables = ["sites", "services", "cost_lines", "deliverables", "metrics_daily"] as const;
  async function countsOfSite(siteId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = await countRows(table, scope.tenant.id, table === "sites" ? "id" : "site_id", siteId);
    return counts;
  }

  it("deleting a site removes its services, cost lines, deliverables and metrics, and nothing of its sibling", async () => {
    const doomed = await populatedSite();
    const sibling = await populatedSite();
    expect(await countsOfSite(doomed.siteId)).toEqual({ sites: 1, services: 1, cost_lines: 1, deliverables: 1, metrics_daily: 1 });
    const removed = await api(scope, deleteSite, `/api/v1/sites/${doomed.siteId}`, { method: "DELETE" }, { id: doomed.siteId });
    expect(removed.status).toBe(204);
    expect(await countsOfSite(doomed.siteId)).toEqual({ sites: 0, services: 0, cost_lines: 0, deliverables: 0, metrics_daily: 0 });
    expect(await countsOfSite(sibling.siteId)).toEqual({ sites: 1, services: 1, cost_lines: 1, deliverables: 1, metrics_daily: 1 });
    const service = await api(scope, getService, `/api/v1/services/${doomed.serviceId}`, {}, { id: doomed.serviceId });
    expect(service.status).toBe(404);
  });

  it("deleting a service removes its deliverables but keeps its cost lines on the site, with serviceId null", async () => {
    const site = await populatedSite();
    const removed = await api(scope, deleteService, `/api/v1/services/${site.serviceId}`, { method: "DELETE" }, { id: site.serviceId });
    expect(removed.status).toBe(204);
    expect(await countsOfSite(site.siteId)).toEqual({ sites: 1, services: 0, cost_lines: 1, deliverables: 0, metrics_daily: 1 });
    const costLine = await api(scope, getCostLine, `/api/v1/cost-lines/${site.costLineId}`, {}, { id: site.costLineId });
    expect(costLine.body).toMatchObject({ id: site.costLineId, siteId: site.siteId, serviceId: null, amount: 300 });
  });
});
