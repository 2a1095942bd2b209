"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type LabelProps,
  type LegendPayload,
} from "recharts";
import type { Granularity, RoiAnnotation, RoiBucket } from "@/lib/reports/roi-report-types";
import { formatBucketLabel, formatDate, formatDateRange, formatMoney, formatMoneyCompact, formatPercent, toMajorUnits } from "./format";

// Tailwind's palette, spelled out because SVG attributes cannot take utility classes.
const COLORS = { revenue: "#6366f1", cost: "#94a3b8", roi: "#059669", annotation: "#d97706", grid: "#e2e8f0", axis: "#64748b" };
const LEGEND_ORDER = ["revenue", "cost", "roi"];

export type ChartBucket = Pick<RoiBucket, "start" | "end" | "revenue" | "cost" | "profit" | "roi">;

interface RoiChartProps {
  series: ChartBucket[];
  annotations: RoiAnnotation[];
  siteNames: Record<string, string>;
  currency: string;
  granularity: Granularity;
  locale: string;
}

interface ChartRow {
  start: string;
  revenue: number; // major units: the axis shows "$12K", not cents
  cost: number;
  roi: number | null; // null draws a gap: no cost, no ROI
}

/** Revenue and cost per bucket as bars, ROI as a line on its own axis, and the work done marked where it happened. */
export function RoiChart({ series, annotations, siteNames, currency, granularity, locale }: RoiChartProps) {
  const rows: ChartRow[] = series.map((bucket) => ({
    start: bucket.start,
    revenue: toMajorUnits(bucket.revenue, currency),
    cost: toMajorUnits(bucket.cost, currency),
    roi: bucket.roi,
  }));
  const bucketsByStart = new Map(series.map((bucket) => [bucket.start, bucket]));
  const workByBucket = groupByBucket(series, annotations);

  return (
    <figure data-testid="roi-chart" className="rounded-lg border border-slate-200 bg-white p-4">
      <figcaption className="text-sm font-semibold">Revenue vs cost, with ROI</figcaption>
      {/* ResponsiveContainer measures its parent; a fixed height keeps it from collapsing to 0 (headless browsers included). */}
      <div className="mt-3 h-80 w-full">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 800, height: 320 }}>
          <ComposedChart data={rows} margin={{ top: 16, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid stroke={COLORS.grid} vertical={false} />
            <XAxis
              dataKey="start"
              tickFormatter={(start: string) => formatBucketLabel(start, granularity, locale)}
              tick={{ fontSize: 12, fill: COLORS.axis }}
              minTickGap={8}
            />
            <YAxis
              yAxisId="money"
              tickFormatter={(value: number) => formatMoneyCompact(value, currency, locale)}
              tick={{ fontSize: 12, fill: COLORS.axis }}
              width={72}
            />
            <YAxis
              yAxisId="roi"
              orientation="right"
              tickFormatter={(value: number) => formatPercent(value, locale)}
              tick={{ fontSize: 12, fill: COLORS.axis }}
              width={56}
            />
            <Tooltip
              content={({ active, label }) => {
                const bucket = active ? bucketsByStart.get(String(label)) : undefined;
                if (!bucket) return null;
                const work = workByBucket.get(bucket.start) ?? [];
                return <BucketTooltip bucket={bucket} work={work} siteNames={siteNames} currency={currency} locale={locale} />;
              }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={(item: LegendPayload) => LEGEND_ORDER.indexOf(String(item.dataKey))} />
            {/* Animations off: numbers should be readable (and screenshots stable) the moment the chart appears. */}
            <Bar yAxisId="money" dataKey="revenue" name="Revenue" fill={COLORS.revenue} isAnimationActive={false} />
            <Bar yAxisId="money" dataKey="cost" name="Cost" fill={COLORS.cost} isAnimationActive={false} />
            <Line
              yAxisId="roi"
              dataKey="roi"
              name="ROI"
              type="monotone"
              stroke={COLORS.roi}
              strokeWidth={2}
              dot={rows.length <= 60}
              connectNulls={false}
              isAnimationActive={false}
            />
            {[...workByBucket].map(([start, work]) => (
              <ReferenceLine
                key={start}
                x={start}
                yAxisId="money"
                stroke={COLORS.annotation}
                strokeDasharray="4 3"
                label={{ position: "insideTop", content: (props: LabelProps) => <AnnotationMarker x={props.x} y={props.y} work={work} locale={locale} /> }}
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      {annotations.length > 0 ? <WorkLog annotations={annotations} siteNames={siteNames} locale={locale} /> : null}
    </figure>
  );
}

/** Deliverables keyed by the start of the bucket containing their date; dates outside every bucket are dropped. */
function groupByBucket(series: ChartBucket[], annotations: RoiAnnotation[]): Map<string, RoiAnnotation[]> {
  const groups = new Map<string, RoiAnnotation[]>();
  for (const annotation of annotations) {
    // YYYY-MM-DD compares correctly as text.
    const bucket = series.find((candidate) => candidate.start <= annotation.date && annotation.date <= candidate.end);
    if (!bucket) continue;
    const group = groups.get(bucket.start) ?? [];
    group.push(annotation);
    groups.set(bucket.start, group);
  }
  return groups;
}

interface MarkerPosition {
  x?: number | string;
  y?: number | string;
}

/** A diamond at the top of the annotation line; hovering it lists what was done. */
function AnnotationMarker({ x, y, work, locale }: MarkerPosition & { work: RoiAnnotation[]; locale: string }) {
  const cx = Number(x);
  const cy = Number(y) + 4; // clear of the plot's top edge
  if (!Number.isFinite(cx) || !Number.isFinite(cy)) return <g />;
  const title = work.map((item) => `${formatDate(item.date, locale)}: ${item.title}`).join("\n");
  return (
    <g data-testid="chart-annotation" className="cursor-help">
      <title>{title}</title>
      <path d={`M ${cx} ${cy - 7} L ${cx + 6} ${cy} L ${cx} ${cy + 7} L ${cx - 6} ${cy} Z`} fill={COLORS.annotation} />
      {work.length > 1 ? (
        <text x={cx + 9} y={cy + 4} fontSize={11} fill={COLORS.annotation}>{work.length}</text>
      ) : null}
    </g>
  );
}

interface BucketTooltipProps {
  bucket: ChartBucket;
  work: RoiAnnotation[];
  siteNames: Record<string, string>;
  currency: string;
  locale: string;
}

function BucketTooltip({ bucket, work, siteNames, currency, locale }: BucketTooltipProps) {
  return (
    <div className="max-w-xs rounded-md border border-slate-200 bg-white p-3 text-xs shadow-md">
      <p className="font-semibold">{formatDateRange(bucket.start, bucket.end, locale)}</p>
      <dl className="mt-2 grid grid-cols-[auto_auto] gap-x-4 gap-y-0.5 tabular-nums">
        <dt className="text-slate-500">Revenue</dt><dd className="text-right">{formatMoney(bucket.revenue, currency, locale)}</dd>
        <dt className="text-slate-500">Cost</dt><dd className="text-right">{formatMoney(bucket.cost, currency, locale)}</dd>
        <dt className="text-slate-500">Profit</dt><dd className="text-right">{formatMoney(bucket.profit, currency, locale)}</dd>
        <dt className="text-slate-500">ROI</dt><dd className="text-right">{formatPercent(bucket.roi, locale)}</dd>
      </dl>
      {work.length > 0 ? (
        <div className="mt-2 border-t border-slate-100 pt-2">
          <p className="font-medium text-amber-700">Work done</p>
          <ul className="mt-1 space-y-0.5">
            {work.slice(0, 5).map((item, index) => (
              <li key={`${item.serviceId}-${item.date}-${index}`}>
                {formatDate(item.date, locale)} · {item.title}
                {siteNames[item.siteId] ? <span className="text-slate-500"> ({siteNames[item.siteId]})</span> : null}
              </li>
            ))}
            {work.length > 5 ? <li className="text-slate-500">and {work.length - 5} more</li> : null}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** The same deliverables as text under the chart: readable without hovering, and by screen readers. */
function WorkLog({ annotations, siteNames, locale }: { annotations: RoiAnnotation[]; siteNames: Record<string, string>; locale: string }) {
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer text-slate-600">
        <span aria-hidden="true" className="text-amber-600">◆</span> Work done in this range ({annotations.length})
      </summary>
      <ul data-testid="work-log" className="mt-2 max-h-48 space-y-1 overflow-y-auto text-slate-700">
        {annotations.map((item, index) => (
          <li key={`${item.serviceId}-${item.date}-${index}`}>
            <span className="tabular-nums text-slate-500">{formatDate(item.date, locale)}</span>{" "}
            {item.url && isWebUrl(item.url) ? (
              <a href={item.url} target="_blank" rel="noopener noreferrer" className="text-indigo-600 hover:underline">{item.title}</a>
            ) : (
              item.title
            )}
            {siteNames[item.siteId] ? <span className="text-slate-500"> · {siteNames[item.siteId]}</span> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}

// The API accepts only http(s) links; checking again here keeps a bad stored row from becoming a
// script link in someone else's browser.
function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
