import type { MetricField } from "@/lib/metrics/csv-formats";

export const FIELD_LABELS: Record<MetricField, string> = {
  date: "Date",
  channel: "Channel",
  sessions: "Sessions",
  conversions: "Conversions",
  revenue: "Revenue",
  clicks: "Clicks",
  impressions: "Impressions",
  position: "Position",
};

/** Numbers in progress and summary text, grouped the same way for every visitor. */
export const formatCount = (value: number) => value.toLocaleString("en-US");

export const plural = (count: number, singular: string, pluralForm = `${singular}s`) =>
  `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
