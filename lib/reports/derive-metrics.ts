import type { MeasureSums } from "./load-roi-data";
import type { MetricName, RoiMetrics } from "./roi-report-types";

export const ZERO_SUMS: MeasureSums = { sessions: 0, conversions: 0, revenue: 0, clicks: 0, impressions: 0 };

/** Adds measure sums. */
export function addSums(a: MeasureSums, b: MeasureSums): MeasureSums {
  return {
    sessions: a.sessions + b.sessions,
    conversions: a.conversions + b.conversions,
    revenue: a.revenue + b.revenue,
    clicks: a.clicks + b.clicks,
    impressions: a.impressions + b.impressions,
  };
}

/** The report's metrics from measure sums and a cost: ratios are null when their base is 0. */
export function deriveMetrics(sums: MeasureSums, cost: number): RoiMetrics {
  const profit = sums.revenue - cost;
  return {
    revenue: sums.revenue,
    cost,
    profit,
    roi: cost === 0 ? null : profit / cost,
    sessions: sums.sessions,
    conversions: sums.conversions,
    conversionRate: sums.sessions === 0 ? null : sums.conversions / sums.sessions,
    clicks: sums.clicks,
    impressions: sums.impressions,
  };
}

const METRIC_NAMES: MetricName[] = ["revenue", "cost", "profit", "roi", "sessions", "conversions", "conversionRate", "clicks", "impressions"];

/** Relative change per metric against the compared totals; null where the compared value is 0 or null. */
export function relativeDeltas(current: RoiMetrics, compared: RoiMetrics): Record<MetricName, number | null> {
  const deltas = {} as Record<MetricName, number | null>;
  for (const name of METRIC_NAMES) {
    const base = compared[name];
    const value = current[name];
    deltas[name] = base === null || base === 0 || value === null ? null : (value - base) / Math.abs(base);
  }
  return deltas;
}
