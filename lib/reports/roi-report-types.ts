// The ROI report's shape: GET /api/v1/reports/roi answers exactly this. Money is integer minor units
// of `currency`; ratios are plain fractions (0.25 = 25 %), null when their base is 0.

export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const COMPARE_MODES = ["previous_period", "previous_year"] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];
export const GROUP_BY = ["site", "channel"] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface RoiMetrics {
  revenue: number;
  cost: number;
  profit: number;
  roi: number | null;
  sessions: number;
  conversions: number;
  conversionRate: number | null;
  clicks: number;
  impressions: number;
}

export type MetricName = keyof RoiMetrics;

/** One bucket of the series; `start`/`end` are inclusive YYYY-MM-DD dates clipped to the range. */
export interface RoiBucket extends RoiMetrics {
  start: string;
  end: string;
}

export interface RoiBreakdownRow extends Omit<RoiMetrics, "cost" | "profit" | "roi"> {
  key: string; // site id or channel name
  label: string; // site name or channel name
  cost: number | null; // null for channels: costs are not attributed to channels
  profit: number | null;
  roi: number | null;
}

export interface RoiComparison {
  mode: CompareMode;
  from: string;
  to: string;
  totals: RoiMetrics;
  /** (current − compared) / |compared| per metric; null where the compared value is 0 or null. */
  deltas: Record<MetricName, number | null>;
}

export interface RoiAnnotation {
  date: string;
  siteId: string;
  serviceId: string;
  title: string;
  url: string | null;
}

export interface RoiReport {
  currency: string | null; // null when the workspace has no sites yet
  from: string;
  to: string;
  granularity: Granularity;
  totals: RoiMetrics;
  series: RoiBucket[];
  breakdown?: RoiBreakdownRow[];
  comparison?: RoiComparison;
  /** Deliverables dated in the range (what was done), for chart annotations. */
  annotations: RoiAnnotation[];
}
