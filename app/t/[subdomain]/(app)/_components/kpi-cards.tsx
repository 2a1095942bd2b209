import type { MetricName, RoiComparison, RoiMetrics } from "@/lib/reports/roi-report-types";
import { describeDelta, formatCount, formatDateRange, formatMoney, formatPercent, type DeltaView } from "./format";

type KpiMetric = Extract<MetricName, "revenue" | "cost" | "profit" | "roi" | "sessions" | "conversions">;

const KPIS: { metric: KpiMetric; label: string; kind: "money" | "percent" | "count" }[] = [
  { metric: "revenue", label: "Revenue", kind: "money" },
  { metric: "cost", label: "Cost", kind: "money" },
  { metric: "profit", label: "Profit", kind: "money" },
  { metric: "roi", label: "ROI", kind: "percent" },
  { metric: "sessions", label: "Sessions", kind: "count" },
  { metric: "conversions", label: "Conversions", kind: "count" },
];

const COMPARE_LABELS: Record<RoiComparison["mode"], string> = {
  previous_period: "previous period",
  previous_year: "previous year",
};

const TONE_CLASSES: Record<DeltaView["tone"], string> = {
  good: "text-emerald-700",
  bad: "text-red-700",
  neutral: "text-slate-500",
};

// A flat change gets no arrow: an arrow would claim a direction the rounded figure does not show.
const ARROWS = { up: "▲", down: "▼", flat: null } as const;

interface KpiCardsProps {
  totals: RoiMetrics;
  comparison: RoiComparison | undefined;
  currency: string;
  locale: string;
}

/** The six headline numbers of the range, each with its change against the compared range. */
export function KpiCards({ totals, comparison, currency, locale }: KpiCardsProps) {
  const comparedTo = comparison
    ? `vs ${COMPARE_LABELS[comparison.mode]} (${formatDateRange(comparison.from, comparison.to, locale)})`
    : undefined;
  return (
    <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
      {KPIS.map(({ metric, label, kind }) => {
        const value = totals[metric];
        const text =
          kind === "money" ? formatMoney(value, currency, locale) : kind === "percent" ? formatPercent(value, locale) : formatCount(value, locale);
        return (
          <div key={metric} data-testid={`kpi-${metric}`} className="rounded-lg border border-slate-200 bg-white p-4">
            <p className="text-xs font-medium uppercase text-slate-500">{label}</p>
            <p data-testid={`kpi-${metric}-value`} className="mt-2 truncate text-xl font-semibold tabular-nums" title={text}>
              {text}
            </p>
            {comparison ? (
              <DeltaLine delta={describeDelta(metric, comparison.deltas[metric], locale)} metric={metric} comparedTo={comparedTo} />
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

function DeltaLine({ delta, metric, comparedTo }: { delta: DeltaView; metric: KpiMetric; comparedTo: string | undefined }) {
  const arrow = delta.direction ? ARROWS[delta.direction] : null;
  return (
    <p data-testid={`kpi-${metric}-delta`} className={`mt-1 text-xs tabular-nums ${TONE_CLASSES[delta.tone]}`} title={comparedTo}>
      {arrow ? <span aria-hidden="true">{arrow} </span> : null}
      {delta.text}
      <span className="sr-only"> {comparedTo}</span>
    </p>
  );
}
