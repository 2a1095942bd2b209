import { beforeAll, describe, expect, it, vi } from "vitest";
import { createCostLine } from "@/lib/cost-lines/create-cost-line";
import { createDeliverable } from "@/lib/deliverables/create-deliverable";
import { AppError } from "@/lib/errors";
import { upsertMetrics } from "@/lib/metrics/upsert-metrics";
import { getRoiReport, getRoiReportJson } from "@/lib/reports/get-roi-report";
import { getRedis, redisKeys } from "@/lib/redis";
import type { RoiReport } from "@/lib/reports/roi-report-types";
import { createService } from "@/lib/services/create-service";
import { createSite } from "@/lib/sites/create-site";
import { createTestTenant } from "../helpers/factories";
import { referencePreviousRange, referenceSeries, referenceTotals, type RefData } from "../helpers/roi-reference";
import { mulberry32 } from "../helpers/prng";

async function report(tenantId: string, query: Record<string, string>, bypassCache = true): Promise<RoiReport> {
  return getRoiReport(tenantId, query, { bypassCache });
}

async function expectError(promise: Promise<unknown>, code: string, field?: string) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (field) expect((error as AppError).details?.map((detail) => detail.field)).toContain(field);
}

describe("ROI report: the documented rules, worked examples", () => {
  let tenantId: string;
  let siteId: string;

  beforeAll(async () => {
    tenantId = (await createTestTenant()).id;
    const site = await createSite(tenantId, { name: "Shop", domain: "shop.example", currency: "USD", timezone: "UTC" });
    siteId = site.id;
    const service = await createService(tenantId, { siteId, kind: "content", name: "Content", startDate: "2026-01-15", monthlyFee: "3000.00" });
    await createCostLine(tenantId, { siteId, date: "2026-02-10", amount: "250.50", note: "Audit tool" });
    await createCostLine(tenantId, { siteId, date: "2025-12-31", amount: "999.00" }); // outside the range below
    await upsertMetrics(tenantId, {
      siteId,
      rows: [
        { date: "2026-01-20", sessions: 1000, conversions: 20, revenue: "5000.00", clicks: 700, impressions: 20000 },
        { date: "2026-02-14", sessions: 500, conversions: 0, revenue: 0, clicks: 300, impressions: 9000 },
        { date: "2026-02-14", channel: "paid", sessions: 100, conversions: 5, revenue: "100.00" },
      ],
    });
    await createDeliverable(tenantId, { serviceId: service.id, date: "2026-02-01", title: "Published 10 guides", url: "https://shop.example/guides" });
  });

  it("prorates a monthly fee by the active days of each calendar month, rounding each figure once", async () => {
    const result = await report(tenantId, { from: "2026-01-01", to: "2026-03-31", granularity: "month" });
    // January: 300000 × 17/31 = 164516.13 → 164516; February: full fee + the 250.50 cost line; March: full fee.
    expect(result.series.map((bucket) => [bucket.start, bucket.end, bucket.cost])).toEqual([
      ["2026-01-01", "2026-01-31", 164516],
      ["2026-02-01", "2026-02-28", 325050],
      ["2026-03-01", "2026-03-31", 300000],
    ]);
    // 164516.129… + 300000 + 25050 + 300000 = 789566.129… → 789566
    expect(result.totals.cost).toBe(789566);
    expect(result.totals.revenue).toBe(510000);
    expect(result.totals.profit).toBe(510000 - 789566);
    expect(result.totals.roi).toBe((510000 - 789566) / 789566);
    expect(result.totals.conversionRate).toBe(25 / 1600);
    expect(result.currency).toBe("USD");
  });

  it("uses ISO weeks starting on Monday, with partial first and last buckets and zeros rather than gaps", async () => {
    const result = await report(tenantId, { from: "2026-01-01", to: "2026-01-21", granularity: "week" });
    expect(result.series.map((bucket) => [bucket.start, bucket.end])).toEqual([
      ["2026-01-01", "2026-01-04"], // Thursday to Sunday
      ["2026-01-05", "2026-01-11"],
      ["2026-01-12", "2026-01-18"],
      ["2026-01-19", "2026-01-21"],
    ]);
    expect(result.series[0]).toMatchObject({ revenue: 0, cost: 0, roi: null, sessions: 0, conversionRate: null });
    expect(result.series[3]).toMatchObject({ revenue: 500000, sessions: 1000 });
  });

  it("returns a bucket for every day of a day-granularity range", async () => {
    const result = await report(tenantId, { from: "2026-02-01", to: "2026-02-28" });
    expect(result.series).toHaveLength(28);
    // One day of a 28-day month costs exactly fee / 28.
    expect(result.series[0]!.cost).toBe(300000 / 28 > 0 ? Math.round(300000 / 28) : 0);
    expect(result.annotations).toEqual([
      { date: "2026-02-01", siteId, serviceId: expect.any(String), title: "Published 10 guides", url: "https://shop.example/guides" },
    ]);
  });

  it("filters by channel (costs are not per channel) and breaks down by channel and by site", async () => {
    const paid = await report(tenantId, { from: "2026-02-01", to: "2026-02-28", granularity: "month", channel: "paid" });
    expect(paid.totals).toMatchObject({ revenue: 10000, sessions: 100, conversions: 5, cost: 325050 });
    const byChannel = await report(tenantId, { from: "2026-02-01", to: "2026-02-28", groupBy: "channel" });
    expect(byChannel.breakdown?.map((row) => [row.key, row.revenue, row.cost])).toEqual([
      ["organic", 0, null],
      ["paid", 10000, null],
    ]);
    const bySite = await report(tenantId, { from: "2026-02-01", to: "2026-02-28", groupBy: "site" });
    expect(bySite.breakdown).toEqual([expect.objectContaining({ key: siteId, label: "Shop", revenue: 10000, cost: 325050 })]);
  });

  it("compares with the previous period and the previous year, with null deltas on a zero base", async () => {
    const result = await report(tenantId, { from: "2026-02-01", to: "2026-02-28", compare: "previous_period" });
    expect(result.comparison).toMatchObject({ mode: "previous_period", from: "2026-01-04", to: "2026-01-31" });
    expect(result.comparison!.totals.revenue).toBe(500000);
    expect(result.comparison!.deltas.revenue).toBe((10000 - 500000) / 500000);
    const lastYear = await report(tenantId, { from: "2026-02-01", to: "2026-02-28", compare: "previous_year" });
    expect(lastYear.comparison).toMatchObject({ from: "2025-02-01", to: "2025-02-28" });
    expect(lastYear.comparison!.totals.cost).toBe(0);
    expect(lastYear.comparison!.deltas.cost).toBeNull();
    expect(lastYear.comparison!.deltas.roi).toBeNull();
  });

  it("never serves a cached report after a write", async () => {
    const query = { from: "2026-03-01", to: "2026-03-31", granularity: "month" };
    const before = await report(tenantId, query, false);
    expect((await report(tenantId, query, false)).totals).toEqual(before.totals); // served from cache
    await upsertMetrics(tenantId, { siteId, rows: [{ date: "2026-03-05", revenue: "1.23" }] });
    expect((await report(tenantId, query, false)).totals.revenue).toBe(before.totals.revenue + 123);
  });

  it("answers a cache hit with the JSON as stored, byte for byte what a fresh computation gives", async () => {
    const query = { from: "2026-01-01", to: "2026-02-28", granularity: "week", compare: "previous_period" };
    const fresh = await getRoiReportJson(tenantId, query, { bypassCache: true });
    const pattern = redisKeys.tenant(tenantId, "roi:*");
    const earlier = new Set(await getRedis().keys(pattern));
    expect(await getRoiReportJson(tenantId, query)).toBe(fresh); // computed, and stored after the answer
    const added = async () => (await getRedis().keys(pattern)).filter((key) => !earlier.has(key));
    await vi.waitFor(async () => expect(await added()).toHaveLength(1));
    expect(await getRoiReportJson(tenantId, query)).toBe(fresh);
    // What the cache holds is what goes out: a marked entry comes back unchanged (not re-encoded).
    const [key] = await added();
    const marked = fresh.replace('"currency":"USD"', '"currency":"USD","marker":"from-cache"');
    await getRedis().set(key!, marked);
    expect(await getRoiReportJson(tenantId, query)).toBe(marked);
    await getRedis().del(key!);
  });

  it("rejects reversed and over-long ranges, bad enums, unknown parameters and unknown sites, naming the field", async () => {
    await expectError(report(tenantId, { from: "2026-02-02", to: "2026-02-01" }), "validation_failed", "from");
    await expectError(report(tenantId, { from: "2020-01-01", to: "2026-01-01" }), "validation_failed", "to");
    await expectError(report(tenantId, { from: "2026-01-01", to: "2026-01-31", granularity: "hour" }), "validation_failed", "granularity");
    await expectError(report(tenantId, { from: "2026-01-01", to: "2026-01-31", compare: "forever" }), "validation_failed", "compare");
    await expectError(report(tenantId, { from: "2026-01-01", to: "2026-02-30" }), "validation_failed", "to");
    await expectError(report(tenantId, { from: "2026-01-01", to: "2026-01-31", bogus: "1" }), "validation_failed");
    await expectError(report(tenantId, { from: "2026-01-01", to: "2026-01-31", siteId: crypto.randomUUID() }), "not_found", "siteId");
    await expectError(report(tenantId, { from: "2026-01-01", to: "2026-01-31", siteId: "1' OR '1'='1" }), "validation_failed", "siteId");
  });

  it("answers the earliest accepted dates with every comparison, and refuses years before 1000 by field", async () => {
    // 1000-01-01 is a Wednesday: its ISO week starts in year 999, and that bucket must still count.
    await upsertMetrics(tenantId, { siteId, rows: [{ date: "1000-01-01", sessions: 7, revenue: "1.00" }] });
    const weekly = await report(tenantId, { from: "1000-01-01", to: "1000-01-31", granularity: "week" });
    expect([weekly.series[0]!.start, weekly.series[0]!.sessions, weekly.totals.revenue]).toEqual(["1000-01-01", 7, 100]);
    for (const compare of ["previous_period", "previous_year"]) {
      const result = await report(tenantId, { from: "1000-01-01", to: "1004-12-31", granularity: "month", compare });
      expect(result.comparison?.from.startsWith(compare === "previous_year" ? "0999-" : "0995-")).toBe(true);
    }
    await expectError(report(tenantId, { from: "0001-01-01", to: "0001-12-31", compare: "previous_year" }), "validation_failed", "from");
    await expectError(report(tenantId, { from: "0999-12-31", to: "1000-01-31" }), "validation_failed", "from");
  });

  it("refuses to sum sites in different currencies unless filtered to one", async () => {
    const mixed = (await createTestTenant()).id;
    const usd = await createSite(mixed, { name: "US", domain: "us.example", currency: "USD", timezone: "UTC" });
    await createSite(mixed, { name: "JP", domain: "jp.example", currency: "JPY", timezone: "Asia/Tokyo" });
    await upsertMetrics(mixed, { siteId: usd.id, rows: [{ date: "2026-01-02", revenue: "1.00" }] });
    await expectError(report(mixed, { from: "2026-01-01", to: "2026-01-31" }), "mixed_currency", "currency");
    expect((await report(mixed, { from: "2026-01-01", to: "2026-01-31", currency: "usd" })).totals.revenue).toBe(100);
    expect((await report(mixed, { from: "2026-01-01", to: "2026-01-31", siteId: usd.id })).currency).toBe("USD");
  });
});

const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const BASE_DAY = Date.parse("2025-10-01T00:00:00Z") / 86_400_000;

describe("ROI report: property test against an independent computation", () => {
  const SEEDS = Array.from({ length: 12 }, (_, index) => 1000 + index);

  it.each(SEEDS)("matches every field for random data and queries (seed %i)", async (seed) => {
    const random = mulberry32(seed);
    const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
    // Up to three sites: more than the free plan allows.
    const tenantId = (await createTestTenant("ROI Agency", { plan: "agency" })).id;
    const currency = ["USD", "EUR", "JPY"][int(0, 2)]!;
    const scale = currency === "JPY" ? 1 : 100;
    const data: RefData = { services: [], costs: [], metrics: [] };
    const siteIds: string[] = [];
    for (let s = 0; s < int(1, 3); s++) {
      const site = await createSite(tenantId, { name: `Site ${s}`, domain: `s${s}-${seed}.example`, currency, timezone: "UTC" });
      siteIds.push(site.id);
      for (let k = 0; k < int(0, 3); k++) {
        const start = BASE_DAY + int(0, 300);
        const end = random() < 0.5 ? null : start + int(0, 200);
        const fee = int(1, 900_000) * scale;
        const decimal = currency === "JPY" ? String(fee) : (fee / 100).toFixed(2);
        await createService(tenantId, { siteId: site.id, kind: "technical", name: `svc ${k}`, startDate: iso(start), endDate: end === null ? null : iso(end), monthlyFee: decimal });
        data.services.push({ siteId: site.id, start: iso(start), end: end === null ? null : iso(end), monthlyFee: fee });
      }
      for (let c = 0; c < int(0, 4); c++) {
        const date = iso(BASE_DAY + int(0, 400));
        const amount = int(-5_000, 200_000) * scale;
        await createCostLine(tenantId, { siteId: site.id, date, amount: currency === "JPY" ? String(amount) : (amount / 100).toFixed(2) });
        data.costs.push({ siteId: site.id, date, amount });
      }
      const rows = [];
      const used = new Set<string>();
      for (let m = 0; m < int(0, 60); m++) {
        const date = iso(BASE_DAY + int(0, 400));
        const channel = ["organic", "paid", "referral"][int(0, 2)]!;
        if (used.has(`${date}|${channel}`)) continue;
        used.add(`${date}|${channel}`);
        const row = { date, channel, sessions: int(0, 5000), conversions: int(0, 50), revenue: int(0, 1_000_000) * scale, clicks: int(0, 900), impressions: int(0, 90_000) };
        rows.push({ ...row, revenue: currency === "JPY" ? String(row.revenue) : (row.revenue / 100).toFixed(2) });
        data.metrics.push({ siteId: site.id, ...row });
      }
      if (rows.length) await upsertMetrics(tenantId, { siteId: site.id, rows });
    }

    for (let q = 0; q < 4; q++) {
      const from = BASE_DAY + int(-30, 380);
      const to = from + int(0, 200);
      const granularity = (["day", "week", "month"] as const)[int(0, 2)]!;
      const compare = (["previous_period", "previous_year", undefined] as const)[int(0, 2)];
      const siteId = random() < 0.3 ? siteIds[int(0, siteIds.length - 1)] : undefined;
      const channel = random() < 0.3 ? "paid" : undefined;
      const query: Record<string, string> = { from: iso(from), to: iso(to), granularity };
      if (compare) query.compare = compare;
      if (siteId) query.siteId = siteId;
      if (channel) query.channel = channel;
      const scope = { siteIds: new Set(siteId ? [siteId] : siteIds), channel };

      const actual = await report(tenantId, query);
      const context = `seed ${seed} query ${JSON.stringify(query)}`;
      expect(actual.totals, context).toEqual(referenceTotals(data, scope, iso(from), iso(to)));
      expect(actual.series, context).toEqual(referenceSeries(data, scope, iso(from), iso(to), granularity));
      if (compare) {
        const [prevFrom, prevTo] = referencePreviousRange(iso(from), iso(to), compare);
        const prev = referenceTotals(data, scope, prevFrom, prevTo);
        expect(actual.comparison?.from, context).toBe(prevFrom);
        expect(actual.comparison?.to, context).toBe(prevTo);
        expect(actual.comparison?.totals, context).toEqual(prev);
        for (const [name, value] of Object.entries(actual.comparison!.deltas)) {
          const base = prev[name as keyof typeof prev];
          const current = actual.totals[name as keyof typeof prev];
          const expected = base === null || base === 0 || current === null ? null : (current - base) / Math.abs(base);
          expect(value, `${context} delta ${name}`).toBe(expected);
        }
      }
    }
  });
});
