import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as postMetrics } from "@/app/api/v1/metrics/route";
import { POST as createSite } from "@/app/api/v1/sites/route";
import { createTestTenant, createTestUser, type TestTenant } from "../helpers/factories";
import { ownerQuery } from "../helpers/owner-sql";
import { call, mintSessionToken, tenantRequest, type CallResult } from "../helpers/requests";

// Specification of POST /api/v1/metrics: an idempotent, all-or-nothing MERGE of daily rows on
// (site, date, channel) that keeps the measures a row leaves out.

interface ErrorDetail {
  row?: number;
  field?: string;
  message: string;
}

interface MetricsAnswer {
  siteId?: string;
  rows?: number;
  error?: { code: string; message: string; details?: ErrorDetail[] };
}

/** A stored row, every column as PostgreSQL prints it. */
interface StoredRow {
  date: string;
  channel: string;
  sessions: number;
  conversions: number;
  revenue: string;
  clicks: number;
  impressions: string;
  position: string | null;
}

type Row = Record<string, unknown>;

let tenant: TestTenant;
let session: string;

beforeAll(async () => {
  tenant = await createTestTenant("Metrics Agency", { plan: "agency" });
  session = await mintSessionToken(await createTestUser(tenant.id));
});

async function newSite(currency = "USD"): Promise<string> {
  const result = await call(createSite, tenantRequest(tenant.subdomain, "/api/v1/sites", {
    sessionToken: session,
    json: { name: `Metrics ${currency}`, domain: `m-${randomBytes(4).toString("hex")}.example.com`, currency, timezone: "UTC" },
  }));
  expect(result.status).toBe(201);
  return String(result.body.id);
}

function post(json: unknown): Promise<CallResult<MetricsAnswer>> {
  return call<MetricsAnswer>(postMetrics, tenantRequest(tenant.subdomain, "/api/v1/metrics", { sessionToken: session, json }));
}

function postRaw(rawBody: string): Promise<CallResult<MetricsAnswer>> {
  return call<MetricsAnswer>(postMetrics, tenantRequest(tenant.subdomain, "/api/v1/metrics", { sessionToken: session, rawBody, headers: { "content-type": "application/json" } }));
}

async function storedRows(siteId: string): Promise<StoredRow[]> {
  return ownerQuery<StoredRow>(
    `SELECT date::text AS date, channel, sessions, conversions, revenue::text AS revenue, clicks, impressions::text AS impressions, position::text AS position
       FROM metrics_daily WHERE tenant_id = $1 AND site_id = $2 ORDER BY date, channel`,
    [tenant.id, siteId],
  );
}

/** `count` consecutive days from 2000-01-01, one row each. */
function dailyRows(count: number, row: (index: number) => Row = (index) => ({ sessions: index })): Row[] {
  const start = Date.UTC(2000, 0, 1);
  return Array.from({ length: count }, (_, index) => ({ date: new Date(start + index * 86_400_000).toISOString().slice(0, 10), ...row(index) }));
}

function expect422(result: CallResult<MetricsAnswer>): ErrorDetail[] {
  expect(result.status, JSON.stringify(result.body)).toBe(422);
  expect(result.body.error?.code).toBe("validation_failed");
  return result.body.error?.details ?? [];
}

describe("POST /api/v1/metrics: storing", () => {
  it("stores each row exactly, revenue in minor units, and answers with the count", async () => {
    const siteId = await newSite();
    const result = await post({
      siteId,
      rows: [
        { date: "2026-03-01", sessions: 120, conversions: 3, revenue: "12.34", clicks: 80, impressions: 2400, position: 4.25 },
        { date: "2026-03-02", sessions: 0, conversions: 0, revenue: 0, clicks: 0, impressions: 0 },
        { date: "2026-03-03", sessions: 7, revenue: 99.9, impressions: 1_000_000_000_000, position: 1 },
      ],
    });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ siteId, rows: 3 });
    expect(await storedRows(siteId)).toEqual([
      { date: "2026-03-01", channel: "organic", sessions: 120, conversions: 3, revenue: "1234", clicks: 80, impressions: "2400", position: "4.25" },
      { date: "2026-03-02", channel: "organic", sessions: 0, conversions: 0, revenue: "0", clicks: 0, impressions: "0", position: null },
      { date: "2026-03-03", channel: "organic", sessions: 7, conversions: 0, revenue: "9990", clicks: 0, impressions: "1000000000000", position: "1.00" },
    ]);
  });

  it("is idempotent: sending the same request again leaves the same rows and no duplicates", async () => {
    const siteId = await newSite();
    const request = { siteId, rows: dailyRows(30, (index) => ({ sessions: index, revenue: `${index}.05`, channel: index % 2 ? "paid" : "organic" })) };
    expect((await post(request)).status).toBe(200);
    const first = await storedRows(siteId);
    expect(first).toHaveLength(30);
    const again = await post(request);
    expect(again.status).toBe(200);
    expect(again.body.rows).toBe(30);
    expect(await storedRows(siteId)).toEqual(first);
  });

  it("merges: a second import with only clicks and impressions keeps the stored sessions, conversions, revenue and position", async () => {
    const siteId = await newSite();
    await post({ siteId, rows: [
      { date: "2026-04-01", sessions: 100, conversions: 4, revenue: "250.00", position: 3.5 },
      { date: "2026-04-02", sessions: 200, conversions: 8, revenue: "500.00" },
    ] });
    const searchConsole = await post({ siteId, rows: [
      { date: "2026-04-01", clicks: 40, impressions: 900 },
      { date: "2026-04-02", clicks: 60, impressions: 1200, position: 2 },
      { date: "2026-04-03", clicks: 5, impressions: 50 },
    ] });
    expect(searchConsole.status).toBe(200);
    expect(await storedRows(siteId)).toEqual([
      { date: "2026-04-01", channel: "organic", sessions: 100, conversions: 4, revenue: "25000", clicks: 40, impressions: "900", position: "3.50" },
      { date: "2026-04-02", channel: "organic", sessions: 200, conversions: 8, revenue: "50000", clicks: 60, impressions: "1200", position: "2.00" },
      { date: "2026-04-03", channel: "organic", sessions: 0, conversions: 0, revenue: "0", clicks: 5, impressions: "50", position: null },
    ]);
    // And the other way round: a later GA4 import overwrites its own measures only.
    await post({ siteId, rows: [{ date: "2026-04-01", sessions: 101, revenue: "0" }] });
    expect((await storedRows(siteId))[0]).toEqual({ date: "2026-04-01", channel: "organic", sessions: 101, conversions: 4, revenue: "0", clicks: 40, impressions: "900", position: "3.50" });
  });

  it("files rows without a channel under \"organic\", and keeps rows of different channels apart", async () => {
    const siteId = await newSite();
    const result = await post({ siteId, rows: [
      { date: "2026-05-01", sessions: 1 },
      { date: "2026-05-01", channel: "Paid Search", sessions: 2 },
      { date: "2026-05-01", channel: "email", sessions: 3 },
    ] });
    expect(result.status).toBe(200);
    const rows = await storedRows(siteId);
    expect(rows.map((row) => [row.channel, row.sessions])).toEqual([["email", 3], ["organic", 1], ["paid search", 2]]);
    // "ORGANIC" is the same channel as the default, so this updates rather than adds.
    await post({ siteId, rows: [{ date: "2026-05-01", channel: " ORGANIC ", sessions: 10 }] });
    expect((await storedRows(siteId)).map((row) => [row.channel, row.sessions])).toEqual([["email", 3], ["organic", 10], ["paid search", 2]]);
  });

  it("parses revenue in the site's currency: JPY has no decimals, BHD three", async () => {
    const [jpy, bhd] = await Promise.all([newSite("JPY"), newSite("BHD")]);
    expect((await post({ siteId: jpy, rows: [{ date: "2026-01-01", revenue: "1000" }] })).status).toBe(200);
    expect((await post({ siteId: bhd, rows: [{ date: "2026-01-01", revenue: "1.234" }] })).status).toBe(200);
    expect((await storedRows(jpy))[0]!.revenue).toBe("1000");
    expect((await storedRows(bhd))[0]!.revenue).toBe("1234");
  });

  it("accepts 10,000 rows in one request", async () => {
    const siteId = await newSite();
    const rows = dailyRows(10_000, (index) => ({ sessions: index, clicks: index * 2, revenue: `${index}.99`, channel: "organic" }));
    const started = performance.now();
    const result = await post({ siteId, rows });
    const elapsed = performance.now() - started;
    console.info(`POST /api/v1/metrics with 10,000 rows: ${elapsed.toFixed(0)} ms`);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ siteId, rows: 10_000 });
    const summary = await ownerQuery<{ n: number; revenue: string; last: string }>(
      "SELECT count(*)::int AS n, sum(revenue)::text AS revenue, max(date)::text AS last FROM metrics_daily WHERE tenant_id = $1 AND site_id = $2",
      [tenant.id, siteId],
    );
    // Σ (index × 100 + 99) for index 0..9999
    expect(summary[0]).toEqual({ n: 10_000, revenue: String(100 * ((9999 * 10_000) / 2) + 99 * 10_000), last: "2027-05-18" });
  }, 60_000);
});

describe("POST /api/v1/metrics: all or nothing", () => {
  it("rejects 100 rows with one bad row: 422 naming exactly that row and field, and stores none of them", async () => {
    const siteId = await newSite();
    const rows = dailyRows(100);
    rows[57] = { ...rows[57], sessions: -1 };
    const details = expect422(await post({ siteId, rows }));
    expect(details).toEqual([{ row: 57, field: "sessions", message: expect.any(String) }]);
    expect(await storedRows(siteId)).toEqual([]);
  });

  it("reports every bad row in one pass, in row order", async () => {
    const siteId = await newSite();
    const rows = dailyRows(100);
    rows[3] = { ...rows[3], clicks: 1.5 };
    rows[41] = { date: "2026-02-30", sessions: 1 };
    rows[99] = { ...rows[99], revenue: "12.345" };
    const details = expect422(await post({ siteId, rows }));
    expect(details.map((detail) => [detail.row, detail.field])).toEqual([[3, "clicks"], [41, "date"], [99, "revenue"]]);
    expect(details.every((detail) => detail.message.length > 0)).toBe(true);
    expect(await storedRows(siteId)).toEqual([]);
  });

  it("leaves stored rows untouched when a request that would update them fails", async () => {
    const siteId = await newSite();
    await post({ siteId, rows: dailyRows(10, () => ({ sessions: 5, revenue: "1.00" })) });
    const before = await storedRows(siteId);
    const rows = dailyRows(100, () => ({ sessions: 999, revenue: "999.00" }));
    rows[80] = { ...rows[80], position: 0 };
    expect422(await post({ siteId, rows }));
    expect(await storedRows(siteId)).toEqual(before);
  });

  it("rejects a repeated (date, channel) pair, naming the later row, and stores nothing", async () => {
    const siteId = await newSite();
    const details = expect422(await post({ siteId, rows: [
      { date: "2026-06-01", sessions: 1 },
      { date: "2026-06-02", sessions: 2 },
      { date: "2026-06-01", channel: "Organic", sessions: 3 },
      { date: "2026-06-01", channel: "paid", sessions: 4 },
    ] }));
    expect(details).toEqual([{ row: 2, field: "date", message: "Same date and channel as row 0." }]);
    expect(await storedRows(siteId)).toEqual([]);
  });
});

describe("POST /api/v1/metrics: limits", () => {
  let siteId: string;

  beforeAll(async () => {
    siteId = await newSite();
  });

  it("refuses 10,001 rows with 422 naming rows", async () => {
    const details = expect422(await post({ siteId, rows: dailyRows(10_001, () => ({})) }));
    expect(details.map((detail) => detail.field)).toEqual(["rows"]);
    expect(await storedRows(siteId)).toEqual([]);
  });

  it("refuses an empty rows array and a missing one (422 naming rows)", async () => {
    for (const json of [{ siteId, rows: [] }, { siteId }, { siteId, rows: { 0: { date: "2026-01-01" } } }]) {
      expect(expect422(await post(json)).map((detail) => detail.field)).toEqual(["rows"]);
    }
  });

  it("allows bodies above the general 1 MiB cap but refuses one over 4 MiB with 413", async () => {
    // 1.5 MiB gets through the size check and fails validation on the unknown field instead.
    const large = await post({ siteId, rows: [{ date: "2026-01-01" }], padding: "x".repeat(1.5 * 1024 * 1024) });
    expect(large.status).toBe(422);
    const oversized = await post({ siteId, rows: [{ date: "2026-01-01", sessions: 1 }], padding: "x".repeat(4 * 1024 * 1024) });
    expect([oversized.status, oversized.body.error?.code]).toEqual([413, "payload_too_large"]);
    expect(await storedRows(siteId)).toEqual([]);
  });

  it("refuses malformed JSON (400) and a non-JSON content type (415)", async () => {
    for (const raw of ["{", `{"siteId": "${siteId}", "rows": [}`, "", "nul"]) {
      const result = await postRaw(raw);
      expect([result.status, result.body.error?.code]).toEqual([400, "invalid_json"]);
    }
    const form = await call<MetricsAnswer>(postMetrics, tenantRequest(tenant.subdomain, "/api/v1/metrics", {
      sessionToken: session, rawBody: `siteId=${siteId}`, headers: { "content-type": "application/x-www-form-urlencoded" },
    }));
    expect(form.status).toBe(415);
  });
});

describe("POST /api/v1/metrics: bad input", () => {
  let siteId: string;

  beforeAll(async () => {
    siteId = await newSite();
    await post({ siteId, rows: [{ date: "2026-01-01", sessions: 1, revenue: "1.00" }] });
  });

  it("answers 404 naming siteId for a site that does not exist, and 422 for a malformed one", async () => {
    const unknown = await post({ siteId: randomUUID(), rows: [{ date: "2026-01-01", sessions: 1 }] });
    expect([unknown.status, unknown.body.error?.code, unknown.body.error?.details?.map((detail) => detail.field)]).toEqual([404, "not_found", ["siteId"]]);
    for (const bad of ["not-a-uuid", "' OR '1'='1", 42, null]) {
      const result = await post({ siteId: bad, rows: [{ date: "2026-01-01" }] });
      expect(expect422(result).map((detail) => detail.field)).toEqual(["siteId"]);
    }
  });

  it("refuses unknown fields at the top level (422)", async () => {
    expect422(await post({ siteId, rows: [{ date: "2026-01-01" }], tenantId: randomUUID() }));
  });

  // Each case is sent as row 1 after a good row 0; the 422 must name row 1 and the field.
  it.each<[string, string, Row]>([
    ["an unknown field", "(row)", { date: "2026-01-02", bounceRate: 0.4 }],
    ["a tenant_id smuggled into a row", "(row)", { date: "2026-01-02", tenant_id: randomUUID() }],
    ["sessions as a string", "sessions", { date: "2026-01-02", sessions: "10" }],
    ["fractional sessions", "sessions", { date: "2026-01-02", sessions: 1.5 }],
    ["negative clicks", "clicks", { date: "2026-01-02", clicks: -1 }],
    ["conversions beyond a 32-bit integer", "conversions", { date: "2026-01-02", conversions: 2 ** 31 }],
    ["impressions as NaN text", "impressions", { date: "2026-01-02", impressions: "NaN" }],
    ["position 0", "position", { date: "2026-01-02", position: 0 }],
    ["position over 1000", "position", { date: "2026-01-02", position: 1000.5 }],
    ["revenue with three decimals in USD", "revenue", { date: "2026-01-02", revenue: "12.345" }],
    ["revenue as a boolean", "revenue", { date: "2026-01-02", revenue: true }],
    ["revenue in exponent notation", "revenue", { date: "2026-01-02", revenue: 1e21 }],
    ["a missing date", "date", { sessions: 1 }],
    ["a date as a number", "date", { date: 20260102 }],
    ["the 30th of February", "date", { date: "2026-02-30" }],
    ["the 29th of February of a common year", "date", { date: "2025-02-29" }],
    ["month 13", "date", { date: "2026-13-01" }],
    ["an unpadded date", "date", { date: "2026-1-2" }],
    ["a timestamp", "date", { date: "2026-01-02T00:00:00Z" }],
    ["an empty channel", "channel", { date: "2026-01-02", channel: "  " }],
    ["a 51-character channel", "channel", { date: "2026-01-02", channel: "c".repeat(51) }],
    ["SQL in the channel", "channel", { date: "2026-01-02", channel: "'; DROP TABLE metrics_daily; --" }],
    ["a quote in the channel", "channel", { date: "2026-01-02", channel: "o'rganic" }],
    ["markup in the channel", "channel", { date: "2026-01-02", channel: "<script>alert(1)</script>" }],
    ["a channel that is an object", "channel", { date: "2026-01-02", channel: { $ne: null } }],
  ])("refuses %s (422 naming the row and %s) and changes nothing", async (_label, field, badRow) => {
    const before = await storedRows(siteId);
    const details = expect422(await post({ siteId, rows: [{ date: "2026-01-03", sessions: 3 }, badRow] }));
    expect(details.length).toBeGreaterThan(0);
    expect(details.every((detail) => detail.row === 1)).toBe(true);
    expect(details.map((detail) => detail.field)).toContain(field);
    expect(await storedRows(siteId)).toEqual(before);
  });

  it.each<[string, unknown]>([
    ["null", null],
    ["a number", 5],
    ["a string", "2026-01-02,5"],
    ["an array", ["2026-01-02", 5]],
  ])("refuses a row that is %s (422 naming the row)", async (_label, badRow) => {
    const details = expect422(await post({ siteId, rows: [badRow] }));
    expect(details.map((detail) => detail.row)).toEqual([0]);
  });

  it("still has its metrics table and every stored row after SQL in a channel", async () => {
    const before = await storedRows(siteId);
    expect422(await post({ siteId, rows: [{ date: "2026-01-05", channel: "organic'); DELETE FROM metrics_daily; --", sessions: 1 }] }));
    const table = await ownerQuery<{ name: string | null }>("SELECT to_regclass('public.metrics_daily')::text AS name");
    expect(table[0]!.name).toBe("metrics_daily");
    expect(await storedRows(siteId)).toEqual(before);
    expect(before).toHaveLength(1);
  });
});
