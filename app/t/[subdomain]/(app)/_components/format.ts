// Pure formatting for the dashboard, shared by server components and the client chart so both print
// the same strings. Money arrives as integer minor units; ratios as plain fractions (0.25 = 25 %).

import type { Granularity, MetricName } from "@/lib/reports/roi-report-types";

export const DEFAULT_LOCALE = "en-US";
export const EMPTY_VALUE = "—";

// Intl formatters are costly to build and a chart formats hundreds of values; keep one per options.
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

/** The locale to format in: the first language the browser asks for that the runtime supports. */
export function pickLocale(acceptLanguage: string | null | undefined): string {
  const first = acceptLanguage?.split(",")[0]?.split(";")[0]?.trim();
  if (!first || first === "*") return DEFAULT_LOCALE;
  try {
    return Intl.NumberFormat.supportedLocalesOf([first])[0] ?? DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE; // a malformed tag throws RangeError; a header must never break the page
  }
}

/** Digits of the currency's minor unit as ICU knows them (USD 2, JPY 0, BHD 3). */
export function currencyDigits(currency: string): number {
  return numberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units as a number of major units (12345 USD cents → 123.45). */
export function toMajorUnits(minor: number, currency: string): number {
  // Exact for the display: the quotient is the double nearest the true decimal, and formatting
  // rounds it back to exactly `digits` places.
  return minor / 10 ** currencyDigits(currency);
}

/** Minor units as currency text: 12345 USD → "$123.45", 12345 JPY → "¥12,345", 12345 BHD → "BHD 12.345". */
export function formatMoney(minor: number | null, currency: string, locale: string = DEFAULT_LOCALE): string {
  if (minor === null) return EMPTY_VALUE;
  const digits = currencyDigits(currency);
  return numberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(toMajorUnits(minor, currency));
}

/** Short money for chart axes: "$12K". */
export function formatMoneyCompact(major: number, currency: string, locale: string = DEFAULT_LOCALE): string {
  // Three significant digits, so neighbouring ticks such as 1,950 and 2,000 do not both read "$2K".
  return numberFormat(locale, { style: "currency", currency, notation: "compact", maximumSignificantDigits: 3 }).format(major);
}

/** A fraction as a percentage with at most one decimal (0.253 → "25.3%"); null → "—". */
export function formatPercent(fraction: number | null, locale: string = DEFAULT_LOCALE): string {
  if (fraction === null || !Number.isFinite(fraction)) return EMPTY_VALUE;
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(fraction);
}

/** A whole count with grouping (12345 → "12,345"). */
export function formatCount(value: number | null, locale: string = DEFAULT_LOCALE): string {
  if (value === null) return EMPTY_VALUE;
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

export type DeltaDirection = "up" | "down" | "flat";
export type DeltaTone = "good" | "bad" | "neutral";

export interface DeltaView {
  text: string;
  direction: DeltaDirection | null;
  tone: DeltaTone;
}

// For these metrics a rise is bad news; the arrow still follows the number, only the colour flips.
const LOWER_IS_BETTER: ReadonlySet<MetricName> = new Set(["cost"]);

/** A relative change as signed text, arrow direction and colour tone; null (no base to compare) → "—". */
export function describeDelta(metric: MetricName, delta: number | null, locale: string = DEFAULT_LOCALE): DeltaView {
  if (delta === null || !Number.isFinite(delta)) return { text: EMPTY_VALUE, direction: null, tone: "neutral" };
  const text = numberFormat(locale, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(delta);
  // Judge by the rounded text, so "+0%" style noise below the shown precision reads as flat.
  const rounded = Math.round(delta * 1000);
  if (rounded === 0) return { text: numberFormat(locale, { style: "percent" }).format(0), direction: "flat", tone: "neutral" };
  const direction: DeltaDirection = rounded > 0 ? "up" : "down";
  const isGood = (direction === "up") !== LOWER_IS_BETTER.has(metric);
  return { text, direction, tone: isGood ? "good" : "bad" };
}

// Calendar dates are YYYY-MM-DD with no time zone; format them at UTC midnight in UTC so no
// viewer's offset moves them a day.
function utcDate(ymd: string): Date {
  return new Date(`${ymd}T00:00:00Z`);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
    dateFormats.set(key, format);
  }
  return format;
}

/** "Mar 4, 2026". */
export function formatDate(ymd: string, locale: string = DEFAULT_LOCALE): string {
  return dateFormat(locale, { dateStyle: "medium" }).format(utcDate(ymd));
}

/** "Jan 1 – Mar 31, 2026"; a single day when from equals to. */
export function formatDateRange(from: string, to: string, locale: string = DEFAULT_LOCALE): string {
  if (from === to) return formatDate(from, locale);
  return dateFormat(locale, { dateStyle: "medium" }).formatRange(utcDate(from), utcDate(to));
}

/** The x-axis label of a bucket: "Mar 4" for days and weeks, "Mar 2026" for months. */
export function formatBucketLabel(start: string, granularity: Granularity, locale: string = DEFAULT_LOCALE): string {
  const options: Intl.DateTimeFormatOptions =
    granularity === "month" ? { month: "short", year: "numeric" } : { month: "short", day: "numeric" };
  return dateFormat(locale, options).format(utcDate(start));
}
