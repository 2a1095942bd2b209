import { formatDay, sameDayPreviousYear } from "@/lib/dates/calendar-date";
import { bucketStartOf, bucketsFor } from "./buckets";
import { addSums, deriveMetrics, relativeDeltas, ZERO_SUMS } from "./derive-metrics";
import type { RoiData } from "./load-roi-data";
import type { RoiQuery } from "./roi-query";
import type { RoiBreakdownRow, RoiReport } from "./roi-report-types";
import { dailyServiceCostUnits, roundUnits, UNITS_PER_MINOR } from "./service-costs";

export interface ReportSite {
  id: string;
  name: string;
}

/** Exact cost units per day of [from, to] (prorated service fees plus cost lines), for some sites. */
function dailyCostUnits(data: RoiData, from: number, to: number, siteId?: string): bigint[] {
  const spans = siteId ? data.services.filter((span) => span.siteId === siteId) : data.services;
  const units = dailyServiceCostUnits(spans, from, to);
  for (const line of data.costLines) {
    if (line.day >= from && line.day <= to && (!siteId || line.siteId === siteId)) units[line.day - from]! += BigInt(line.amount) * UNITS_PER_MINOR;
  }
  return units;
}

function sumUnits(units: bigint[], first = 0, last = units.length - 1): bigint {
  let total = 0n;
  for (let index = first; index <= last; index++) total += units[index]!;
  return total;
}

function breakdown(data: RoiData, query: RoiQuery, sites: ReportSite[]): RoiBreakdownRow[] {
  const groups = data.byGroup ?? new Map();
  if (query.groupBy === "site") {
    return sites.map((site) => {
      const cost = roundUnits(sumUnits(dailyCostUnits(data, query.from, query.to, site.id)));
      return { key: site.id, label: site.name, ...deriveMetrics(groups.get(site.id) ?? ZERO_SUMS, cost) };
    });
  }
  // Costs belong to sites and services, not to traffic channels, so channel rows carry no cost.
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([channel, sums]) => ({ key: channel, label: channel, ...deriveMetrics(sums, 0), cost: null, profit: null, roi: null }));
}

/** The compared range: the same number of days just before, or the same dates a year earlier. */
export function comparedRange(query: RoiQuery): { from: number; to: number } {
  if (query.compare === "previous_year") return { from: sameDayPreviousYear(query.from), to: sameDayPreviousYear(query.to) };
  const length = query.to - query.from + 1;
  return { from: query.from - length, to: query.from - 1 };
}

/** The report from its loaded inputs (pure: all SQL happened in loadRoiData). */
export function buildRoiReport(data: RoiData, query: RoiQuery, currency: string | null): RoiReport {
  const { from, to, granularity } = query;
  const compared = query.compare ? comparedRange(query) : undefined;
  const units = dailyCostUnits(data, from, to);

  let totalSums = ZERO_SUMS;
  const series = bucketsFor(from, to, granularity).map((bucket) => {
    const sums = data.byBucket.get(bucketStartOf(bucket.start, granularity)) ?? ZERO_SUMS;
    totalSums = addSums(totalSums, sums);
    const cost = roundUnits(sumUnits(units, bucket.start - from, bucket.end - from));
    return { start: formatDay(bucket.start), end: formatDay(bucket.end), ...deriveMetrics(sums, cost) };
  });
  // Each figure is rounded once from its exact value, so the total cost is not a sum of rounded buckets.
  const totals = deriveMetrics(totalSums, roundUnits(sumUnits(units)));

  const report: RoiReport = { currency, from: formatDay(from), to: formatDay(to), granularity, totals, series, annotations: data.annotations };
  if (query.groupBy) report.breakdown = breakdown(data, query, data.sites);
  if (query.compare && compared) {
    const comparedTotals = deriveMetrics(data.compared ?? ZERO_SUMS, roundUnits(sumUnits(dailyCostUnits(data, compared.from, compared.to))));
    report.comparison = {
      mode: query.compare, from: formatDay(compared.from), to: formatDay(compared.to), totals: comparedTotals, deltas: relativeDeltas(totals, comparedTotals),
    };
  }
  return report;
}
