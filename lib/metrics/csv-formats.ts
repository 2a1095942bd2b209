// CSV exports of daily metrics -> rows for POST /api/v1/metrics. Pure (no DOM, no Next.js) so the
// browser's import worker and the unit tests run the same code. The rules mirror validateMetricRows
// on the server: the API rejects a whole batch for one bad row, so catching bad rows here keeps the
// good ones importable.

import { parseInputDate } from "@/lib/dates/calendar-date";
import { minorUnitDigits } from "@/lib/money/currency";
import { parseMoney } from "@/lib/money/parse-money";

export const METRIC_FIELDS = ["date", "channel", "sessions", "conversions", "revenue", "clicks", "impressions", "position"] as const;
export type MetricField = (typeof METRIC_FIELDS)[number];

export const CSV_FORMATS = ["ga4", "search-console", "template"] as const;
export type CsvFormat = (typeof CSV_FORMATS)[number];

export const CSV_FORMAT_LABELS: Record<CsvFormat, string> = {
  ga4: "Google Analytics 4 export",
  "search-console": "Search Console export",
  template: "ROI Spectrum template",
};

/** Each target field's source column (index into the header row), or null for "none". */
export type ColumnMapping = Record<MetricField, number | null>;

/** One row as POST /api/v1/metrics takes it; absent measures keep what the server has stored. */
export interface MetricRowInput {
  date: string;
  channel?: string;
  sessions?: number;
  conversions?: number;
  revenue?: string;
  clicks?: number;
  impressions?: number;
  position?: number;
}

export interface FieldError {
  field: MetricField;
  message: string;
}

export type NormalisedRow = { row: MetricRowInput } | { errors: FieldError[] };

export const TEMPLATE_HEADERS: readonly string[] = METRIC_FIELDS;

// Header names as the tools write them (compared case-insensitively). GA4 renamed "Conversions" to
// "Key events" in 2024, so both appear in the wild; GA4 with a linked Search Console property has
// its own names for the search measures.
const FORMAT_HEADERS: Record<CsvFormat, Partial<Record<MetricField, readonly string[]>>> = {
  ga4: {
    date: ["date"],
    channel: [
      "session default channel group",
      "default channel group",
      "session primary channel group",
      "primary channel group",
      "first user default channel group",
    ],
    sessions: ["sessions"],
    conversions: ["key events", "conversions", "session key events", "session conversions"],
    revenue: ["total revenue", "purchase revenue", "revenue"],
    clicks: ["organic google search clicks"],
    impressions: ["organic google search impressions"],
    position: ["organic google search average position"],
  },
  "search-console": {
    date: ["date"],
    clicks: ["clicks"],
    impressions: ["impressions"],
    position: ["position", "average position", "avg. position"],
  },
  template: Object.fromEntries(METRIC_FIELDS.map((field) => [field, [field]])),
};

const CHANNEL_PATTERN = /^[\p{L}\p{N} ._()/&+-]+$/u;
const INT32_MAX = 2_147_483_647;
const COUNT_LIMITS = { sessions: INT32_MAX, conversions: INT32_MAX, clicks: INT32_MAX, impressions: 1e15 } as const;
const MAX_POSITION = 1000;

const normaliseHeader = (header: string) => header.replace(/^\uFEFF/, "").trim().toLowerCase().replace(/\s+/g, " ");

/** The export a header row most likely comes from, or null when none fits. */
export function detectCsvFormat(headers: readonly string[]): CsvFormat | null {
  const names = new Set(headers.map(normaliseHeader));
  const has = (name: string) => names.has(name);
  if (!has("date")) return null;
  // The template is checked first: it also has "clicks" and "sessions", so only its own
  // lower-case field names (with "channel") tell it apart from the tools' exports.
  const templateHits = headers.filter((header) => (TEMPLATE_HEADERS as readonly string[]).includes(header.trim())).length;
  if (templateHits === headers.length && (has("channel") || templateHits >= 3)) return "template";
  if (has("clicks") && has("impressions") && (has("ctr") || has("position"))) return "search-console";
  const ga4 = FORMAT_HEADERS.ga4;
  const ga4Fields = [ga4.channel, ga4.sessions, ga4.conversions, ga4.revenue].flatMap((aliases) => aliases ?? []);
  if (ga4Fields.some(has)) return "ga4";
  if (headers.every((header) => (TEMPLATE_HEADERS as readonly string[]).includes(normaliseHeader(header)))) return "template";
  return null;
}

/** The mapping a format implies for these headers; fields the file lacks map to null. */
export function defaultColumnMapping(format: CsvFormat, headers: readonly string[]): ColumnMapping {
  const names = headers.map(normaliseHeader);
  const mapping = {} as ColumnMapping;
  for (const field of METRIC_FIELDS) {
    const aliases = FORMAT_HEADERS[format][field] ?? [];
    const index = aliases.map((alias) => names.indexOf(alias)).find((found) => found >= 0);
    mapping[field] = index ?? null;
  }
  return mapping;
}

/** A record that carries no data: a blank line or a "#" comment (GA4 puts its report details there). */
export function isSkippableRecord(record: readonly string[]): boolean {
  const first = (record[0] ?? "").trim();
  if (first.startsWith("#")) return true;
  return record.every((cell) => cell.trim() === "");
}

/**
 * A totals row some exports add ("Grand total", in whichever column comes first); it is not a day
 * and must not be imported as one.
 */
export function isTotalsRecord(record: readonly string[]): boolean {
  const first = record.find((cell) => cell.trim() !== "");
  return first !== undefined && /^(grand )?totals?$/i.test(first.trim());
}

/** Turns one CSV record into an API row, or says what is wrong with each bad cell. */
export function normaliseMetricRow(record: readonly string[], mapping: ColumnMapping, options: { currency: string }): NormalisedRow {
  const errors: FieldError[] = [];
  const cell = (field: MetricField) => {
    const index = mapping[field];
    return index === null ? "" : (record[index] ?? "").trim();
  };

  const row: MetricRowInput = { date: "" };
  const date = parseMetricDate(cell("date"));
  if (date.ok) row.date = date.value;
  else errors.push({ field: "date", message: date.message });

  const channelText = cell("channel");
  if (channelText) {
    const channel = normaliseChannel(channelText);
    if (channel.ok) row.channel = channel.value;
    else errors.push({ field: "channel", message: channel.message });
  }

  for (const field of ["sessions", "conversions", "clicks", "impressions"] as const) {
    const text = cell(field);
    if (!text) continue;
    const count = parseCount(text, COUNT_LIMITS[field]);
    if (count.ok) row[field] = count.value;
    else errors.push({ field, message: count.message });
  }

  const revenueText = cell("revenue");
  if (revenueText) {
    const revenue = parseRevenue(revenueText, options.currency);
    if (revenue.ok) row.revenue = revenue.value;
    else errors.push({ field: "revenue", message: revenue.message });
  }

  const positionText = cell("position");
  if (positionText) {
    const position = parsePosition(positionText);
    if (position.ok) row.position = position.value;
    else errors.push({ field: "position", message: position.message });
  }

  return errors.length ? { errors } : { row };
}

/** The key the API upserts on; a file must not hold the same key twice. */
export function metricRowKey(row: MetricRowInput): string {
  return `${row.date}|${row.channel ?? "organic"}`;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const DATE_FORMATS: { pattern: RegExp; hint: string }[] = [
  { pattern: /^(\d{4})-(\d{2})-(\d{2})$/, hint: "YYYY-MM-DD" },
  { pattern: /^(\d{4})(\d{2})(\d{2})$/, hint: "YYYYMMDD (GA4)" },
  { pattern: /^(\d{4})\/(\d{2})\/(\d{2})$/, hint: "YYYY/MM/DD" },
];

/**
 * YYYY-MM-DD, GA4's YYYYMMDD or YYYY/MM/DD as YYYY-MM-DD. Day-first and month-first dates are refused
 * rather than guessed: 03/04/2024 is a different day in the US and in Europe.
 */
export function parseMetricDate(text: string): Parsed<string> {
  if (!text) return { ok: false, message: "Missing date." };
  for (const { pattern } of DATE_FORMATS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const iso = `${match[1]}-${match[2]}-${match[3]}`;
    return parseInputDate(iso) === null ? { ok: false, message: `${text} is not a calendar date.` } : { ok: true, value: iso };
  }
  return { ok: false, message: `Must be a date written ${DATE_FORMATS.map((format) => format.hint).join(", ")}.` };
}

/**
 * A channel as the server stores it (lower case). GA4's "Organic Search" is the product's default
 * channel "organic", so a GA4 import lands on the same rows as a Search Console import of those days.
 */
export function normaliseChannel(text: string): Parsed<string> {
  const channel = text.trim().replace(/\s+/g, " ").toLowerCase();
  if (channel.length > 50) return { ok: false, message: "At most 50 characters." };
  if (!CHANNEL_PATTERN.test(channel)) return { ok: false, message: "Letters, digits, spaces and . _ - ( ) / & + only." };
  return { ok: true, value: channel === "organic search" ? "organic" : channel };
}

/**
 * A plain decimal from spreadsheet text: thousands separators (1,234 / 1 234 / 1'234) are dropped
 * when they group by three, currency symbols are dropped. A comma elsewhere is refused: "1,5" may be
 * one and a half or fifteen, and guessing would import wrong figures silently.
 */
export function parseDecimalText(text: string): Parsed<{ negative: boolean; whole: string; fraction: string }> {
  const cleaned = text.trim().replace(/\p{Sc}/gu, "").replace(/[\u00a0\u202f]/g, " ").trim();
  if (cleaned.endsWith("%")) return { ok: false, message: "Must be a number, not a percentage." };
  const match = /^([+-])?(\d{1,3}(?:([, ']))\d{3}(?:\3\d{3})*|\d*)(?:\.(\d+))?$/.exec(cleaned);
  if (!match || (match[2] === "" && match[4] === undefined)) return { ok: false, message: `${text} is not a number.` };
  const whole = (match[2] ?? "").replace(/[, ']/g, "") || "0";
  return { ok: true, value: { negative: match[1] === "-", whole, fraction: match[4] ?? "" } };
}

/** A whole, non-negative count. "12.0" is accepted (some exports print counts with decimals). */
export function parseCount(text: string, max: number): Parsed<number> {
  const parsed = parseDecimalText(text);
  if (!parsed.ok) return parsed;
  const { negative, whole, fraction } = parsed.value;
  if (/[1-9]/.test(fraction)) return { ok: false, message: "Must be a whole number." };
  const value = Number(whole);
  if (negative && value !== 0) return { ok: false, message: "Must not be negative." };
  if (value > max) return { ok: false, message: "Too large." };
  return { ok: true, value };
}

/**
 * Revenue as a decimal string in the site's currency, rounded half away from zero to the currency's
 * minor unit. Analytics tools sum float revenue and export artefacts like 1234.5600000001; the API
 * (rightly, for typed-in money) refuses extra decimals, so rounding happens here, in decimal text.
 * Negative values are kept: refunds make a day's revenue negative.
 */
export function parseRevenue(text: string, currency: string): Parsed<string> {
  const parsed = parseDecimalText(text);
  if (!parsed.ok) return parsed;
  const { negative, whole, fraction } = parsed.value;
  const digits = minorUnitDigits(currency);
  let units = BigInt(whole + fraction.slice(0, digits).padEnd(digits, "0"));
  if ((fraction[digits] ?? "0") >= "5") units += 1n;
  const padded = units.toString().padStart(digits + 1, "0");
  const magnitude = digits === 0 ? padded : `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
  const value = negative && units !== 0n ? `-${magnitude}` : magnitude;
  const money = parseMoney(value, currency, { allowNegative: true });
  return money.ok ? { ok: true, value } : { ok: false, message: money.message };
}

/** Average search position, 1 to 1000, kept to two decimals as the database stores it. */
export function parsePosition(text: string): Parsed<number> {
  const parsed = parseDecimalText(text);
  if (!parsed.ok) return parsed;
  const { negative, whole, fraction } = parsed.value;
  const value = Math.round(Number(`${negative ? "-" : ""}${whole}.${fraction || "0"}`) * 100) / 100;
  if (value < 1) return { ok: false, message: "Average position starts at 1." };
  if (value > MAX_POSITION) return { ok: false, message: `At most ${MAX_POSITION}.` };
  return { ok: true, value };
}

/** Physical lines a parsed record took in the file: one, plus the line breaks quoted inside its cells. */
export function recordLineSpan(record: readonly string[]): number {
  let span = 1;
  for (const cell of record) {
    for (let index = cell.indexOf("\n"); index !== -1; index = cell.indexOf("\n", index + 1)) span += 1;
  }
  return span;
}

/**
 * Cuts streamed text into pieces that end on a record boundary, so each piece can be parsed on its
 * own. A line break ends a record only outside quotes; RFC 4180 escapes a quote as "", which keeps
 * the count of quote characters even, so parity alone tells the two apart. The break itself (and a
 * CR before it) is left out, so a piece never yields a trailing empty record. Text is scanned once,
 * however long a quoted cell runs.
 */
export class CsvRecordSplitter {
  private buffer = "";
  private scanned = 0;
  private isQuoted = false;

  /** Adds text; returns the complete records so far (without the final line break), or null. */
  push(text: string): string | null {
    this.buffer += text;
    let boundary = -1;
    for (let index = this.scanned; index < this.buffer.length; index++) {
      const code = this.buffer.charCodeAt(index);
      if (code === 34) this.isQuoted = !this.isQuoted;
      else if (code === 10 && !this.isQuoted) boundary = index;
    }
    this.scanned = this.buffer.length;
    if (boundary === -1) return null;
    const piece = this.buffer.slice(0, boundary);
    this.buffer = this.buffer.slice(boundary + 1);
    this.scanned = this.buffer.length;
    return piece.endsWith("\r") ? piece.slice(0, -1) : piece;
  }

  /** The last record, when the file does not end with a line break. */
  end(): string | null {
    const rest = this.buffer.endsWith("\r") ? this.buffer.slice(0, -1) : this.buffer;
    this.buffer = "";
    this.scanned = 0;
    return rest === "" ? null : rest;
  }
}

/** The template file: the header and one example row. */
export function metricsTemplateCsv(): string {
  return `${TEMPLATE_HEADERS.join(",")}\n2024-01-31,organic,1250,37,4180.50,980,24500,8.4\n`;
}
