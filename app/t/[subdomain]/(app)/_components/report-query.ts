// The dashboard's URL state: which defaults apply when a parameter is missing, and the range presets.
// Values pass through unvalidated; getRoiReport validates them and names the bad field.

import { formatDay, parseCalendarDate, parseInputDate, sameDayPreviousYear } from "@/lib/dates/calendar-date";
import { AppError } from "@/lib/errors";

export type SearchParams = Record<string, string | string[] | undefined>;

/** "No comparison" in the URL; the report query simply omits `compare`. */
export const NO_COMPARE = "none";

const DEFAULT_RANGE_DAYS = 90;
const DEFAULT_GRANULARITY = "week";
const DEFAULT_COMPARE = "previous_period";

export interface DashboardQuery {
  from: string;
  to: string;
  granularity: string;
  compare: string; // previous_period | previous_year | none
  siteId: string; // "" = all sites
  currency: string; // "" = not filtered
}

export interface RangePreset {
  label: string;
  from: string;
  to: string;
}

/** The first value of each parameter; empty strings (blank fields of a GET form) count as missing. */
function firstValue(params: SearchParams, name: string): string {
  const value = params[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

/** The dashboard query with defaults: the 90 days ending `today` (UTC), weekly, against the previous period. */
export function resolveDashboardQuery(params: SearchParams, today: string): DashboardQuery {
  const to = firstValue(params, "to") || today;
  // A missing `from` counts back from `to` when that is a real date, so "?to=…" alone still means 90 days.
  const end = parseInputDate(to) ?? parseCalendarDate(today) ?? 0;
  return {
    from: firstValue(params, "from") || formatDay(end - (DEFAULT_RANGE_DAYS - 1)),
    to,
    granularity: firstValue(params, "granularity") || DEFAULT_GRANULARITY,
    compare: firstValue(params, "compare") || DEFAULT_COMPARE,
    siteId: firstValue(params, "siteId"),
    currency: firstValue(params, "currency").toUpperCase(),
  };
}

/** The query getRoiReport receives: one call with the per-site breakdown. */
export function toReportQuery(query: DashboardQuery): Record<string, string | undefined> {
  return {
    from: query.from,
    to: query.to,
    granularity: query.granularity,
    compare: query.compare === NO_COMPARE ? undefined : query.compare,
    siteId: query.siteId || undefined,
    // A chosen site already fixes the currency; sending both could only disagree.
    currency: query.siteId ? undefined : query.currency || undefined,
    groupBy: "site",
  };
}

/** The same query as URL parameters, omitting blanks, for links that change one thing. */
export function toSearchString(query: DashboardQuery, change: Partial<DashboardQuery> = {}): string {
  const merged: DashboardQuery = { ...query, ...change };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(merged)) if (value) params.set(name, value);
  return `?${params.toString()}`;
}

/** Range presets ending `today`: last 30 and 90 days, this year, last 12 months. */
export function rangePresets(today: string): RangePreset[] {
  const end = parseCalendarDate(today);
  if (end === null) return [];
  return [
    { label: "Last 30 days", from: formatDay(end - 29), to: today },
    { label: "Last 90 days", from: formatDay(end - (DEFAULT_RANGE_DAYS - 1)), to: today },
    { label: "This year", from: `${today.slice(0, 4)}-01-01`, to: today },
    { label: "Last 12 months", from: formatDay(sameDayPreviousYear(end) + 1), to: today },
  ];
}

/** True for the report's refusal to sum sites in different currencies. */
export function isMixedCurrencyError(error: unknown): error is AppError {
  return error instanceof AppError && error.code === "mixed_currency";
}

/** True for errors caused by the query itself (4xx), shown inline; anything else is a real failure. */
export function isQueryError(error: unknown): error is AppError {
  return error instanceof AppError && error.status >= 400 && error.status < 500;
}
