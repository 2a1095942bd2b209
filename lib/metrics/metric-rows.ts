import { z } from "zod";
import { parseInputDate } from "@/lib/dates/calendar-date";
import type { ErrorDetail } from "@/lib/errors";
import { parseMoney } from "@/lib/money/parse-money";
import { moneyInputSchema } from "@/lib/validation/common";

export const MAX_METRIC_ROWS = 10_000;
export const DEFAULT_CHANNEL = "organic";

const count = (max: number) => z.number().int("Must be a whole number.").min(0, "Must not be negative.").max(max, "Too large.");

export const metricRowSchema = z
  .object({
    date: z.string(),
    channel: z.string().trim().toLowerCase().min(1, "Must not be empty.").max(50, "At most 50 characters.").regex(/^[\p{L}\p{N} ._()/&+-]+$/u, "Letters, digits, spaces and . _ - ( ) / & + only.").optional(),
    sessions: count(2_147_483_647).optional(),
    conversions: count(2_147_483_647).optional(),
    revenue: moneyInputSchema.optional(),
    clicks: count(2_147_483_647).optional(),
    impressions: count(1e15).optional(),
    position: z.number().min(1, "Average position starts at 1.").max(1000, "At most 1000.").optional(),
  })
  .strict();

export const metricsRequestSchema = z
  .object({
    siteId: z.uuid("Must be a valid id."),
    rows: z.array(z.unknown()).min(1, "Send at least one row.").max(MAX_METRIC_ROWS, `At most ${MAX_METRIC_ROWS} rows per request.`),
  })
  .strict();

/** A validated row; absent measures stay null so the upsert keeps what is stored. */
export interface MetricRow {
  date: string;
  channel: string;
  sessions: number | null;
  conversions: number | null;
  revenue: number | null;
  clicks: number | null;
  impressions: number | null;
  position: number | null;
}

/**
 * Validates every row and reports every problem (`{ row, field, message }`), so a rejected import can
 * be fixed in one pass. Duplicate (date, channel) pairs are errors: the upsert key must be unique.
 */
export function validateMetricRows(rows: unknown[], currency: string): { rows: MetricRow[]; errors: ErrorDetail[] } {
  const valid: MetricRow[] = [];
  const errors: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  rows.forEach((input, index) => {
    const parsed = metricRowSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row: index, field: issue.path.join(".") || "(row)", message: issue.message });
      return;
    }
    const data = parsed.data;
    let isValid = true;
    if (parseInputDate(data.date) === null) {
      errors.push({ row: index, field: "date", message: "Must be a date written YYYY-MM-DD." });
      isValid = false;
    }
    let revenue: number | null = null;
    if (data.revenue !== undefined) {
      const money = parseMoney(data.revenue, currency, { allowNegative: true });
      if (money.ok) revenue = money.minor;
      else {
        errors.push({ row: index, field: "revenue", message: money.message });
        isValid = false;
      }
    }
    const channel = data.channel ?? DEFAULT_CHANNEL;
    const key = `${data.date}|${channel}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ row: index, field: "date", message: `Same date and channel as row ${first}.` });
      isValid = false;
    } else seen.set(key, index);
    if (!isValid) return;
    valid.push({
      date: data.date,
      channel,
      sessions: data.sessions ?? null,
      conversions: data.conversions ?? null,
      revenue,
      clicks: data.clicks ?? null,
      impressions: data.impressions ?? null,
      position: data.position === undefined ? null : Math.round(data.position * 100) / 100,
    });
  });
  return { rows: valid, errors };
}
