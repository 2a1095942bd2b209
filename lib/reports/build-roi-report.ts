import type { TenantDb } from "@/lib/db";
import { formatDay, sameDayPreviousYear } from "@/lib/dates/calendar-date";
import { bucketStartOf, bucketsFor } from "./buckets";
import { addSums, deriveMetrics, relativeDeltas, ZERO_SUMS } from "./derive-metrics";
import { loadAnnotations, loadServiceSpans, sumCostLines, sumMetrics, type Scope } from "./load-roi-data";
import type { RoiQuery } from "./roi-query";
import type { RoiBreakdownRow, RoiComparison, RoiMetrics, RoiReport } from "./roi-report-types";
import { dailyServiceCostUnits, roundUnits, UNITS_PER_MINOR } from "./service-costs";

export interface ReportSite {
  id: string;
  name: string;
}

/** Exact cost units per day of [from, to]: prorated service fees plus cost lines. */
async function dailyCostUnits(db: TenantDb, scope: Scope, from: number, to: number, siteId?: string): Promise<bigint[]> {
  const [spans, lines] = await Promise.all([loadServiceSpans(db, scope, from, to), sumCostLines(db, scope, from, to)]);
  const units = dailyServiceCostUnits(siteId ? spans.filter((s) => s.siteId === siteId) : spans, from, to);
  for (const line of lines) {
    if (!siteId || line.siteId === siteId) units[line.day - from]! += BigInt(line.amount) * UNITS_PER_MINOR;
  }
  return units;
}

function sumUnits(units: bigint[], first = 0, last = units.length - 1): bigint {
  let total = 0n;
  for (let index = first; index <= last; index++) total += units[index]!;
  return total;
}

/** Totals only, for a compared range. */
async function totalsFor(db: TenantDb, scope: Scope, from: number, to: number): Promise<RoiMetrics> {
  const [sums, units] = await Promise.all([sumMetrics(db, scope, from, to, "total"), dailyCostUnits(db, scope, from, to)]);
  return deriveMetrics(sums.get("total") ?? ZERO_SUMS, roundUnits(sumUnits(units)));
}

async function breakdownBySite(db: TenantDb, scope: Scope, query: RoiQuery, sites: ReportSite[]): Promise<RoiBreakdownRow[]> {
  const sums = await sumMetrics(db, scope, query.from, query.to, "site");
  const [spans, lines] = await Promise.all([loadServiceSpans(db, scope, query.from, query.to), sumCostLines(db, scope, query.from, query.to)]);
  return sites.map((site) => {
    const units = dailyServiceCostUnits(spans.filter((span) => span.siteId === site.id), query.from, query.to);
    let total = sumUnits(units);
    for (const line of lines) if (line.siteId === site.id) total += BigInt(line.amount) * UNITS_PER_MINOR;
    return { key: site.id, label: site.name, ...deriveMetrics(sums.get(site.id) ?? ZERO_SUMS, roundUnits(total)) };
  });
}

async function breakdownByChannel(db: TenantDb, scope: Scope, query: RoiQuery): Promise<RoiBreakdownRow[]> {
  const sums = await sumMetrics(db, scope, query.from, query.to, "channel");
  // Costs belong to sites and services, not to traffic channels, so channel rows carry no cost.
  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([channel, measures]) => ({ key: channel, label: channel, ...deriveMetrics(measures, 0), cost: null, profit: null, roi: null }));
}

/** The compared range: the same number of days just before, or the same dates a year earlier. */
export function comparedRange(query: RoiQuery): { from: number; to: number } {
  if (query.compare === "previous_year") return { from: sameDayPreviousYear(query.from), to: sameDayPreviousYear(query.to) };
  const length = query.to - query.from + 1;
  return { from: query.from - length, to: query.from - 1 };
}

/** Computes the report inside an open tenant transaction. */
export async function buildRoiReport(db: TenantDb, scope: Scope, query: RoiQuery, currency: string | null, sites: ReportSite[]): Promise<RoiReport> {
  const { from, to, granularity } = query;
  const [metricSums, units, annotationRows] = await Promise.all([
    sumMetrics(db, scope, from, to, granularity),
    dailyCostUnits(db, scope, from, to),
    loadAnnotations(db, scope, from, to),
  ]);

  let totalSums = ZERO_SUMS;
  const series = bucketsFor(from, to, granularity).map((bucket) => {
    const sums = metricSums.get(String(bucketStartOf(bucket.start, granularity))) ?? ZERO_SUMS;
    totalSums = addSums(totalSums, sums);
    const cost = roundUnits(sumUnits(units, bucket.start - from, bucket.end - from));
    return { start: formatDay(bucket.start), end: formatDay(bucket.end), ...deriveMetrics(sums, cost) };
  });
  // Each figure is rounded once from its exact value, so the total cost is not a sum of rounded buckets.
  const totals = deriveMetrics(totalSums, roundUnits(sumUnits(units)));

  const report: RoiReport = {
    currency,
    from: formatDay(from),
    to: formatDay(to),
    granularity,
    totals,
    series,
    annotations: annotationRows.map((row) => ({
      date: row.date.toISOString().slice(0, 10), siteId: row.site_id, serviceId: row.service_id, title: row.title, url: row.url,
    })),
  };
  if (query.groupBy === "site") report.breakdown = await breakdownBySite(db, scope, query, sites);
  if (query.groupBy === "channel") report.breakdown = await breakdownByChannel(db, scope, query);
  if (query.compare) {
    const range = comparedRange(query);
    const compared = await totalsFor(db, scope, range.from, range.to);
    const comparison: RoiComparison = {
      mode: query.compare, from: formatDay(range.from), to: formatDay(range.to), totals: compared, deltas: relativeDeltas(totals, compared),
    };
    report.comparison = comparison;
  }
  return report;
}
