import { z } from "zod";
import { parseCalendarDate } from "@/lib/dates/calendar-date";
import { AppError } from "@/lib/errors";
import { calendarDateSchema, currencySchema, uuidSchema } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse-input";
import { COMPARE_MODES, GRANULARITIES, GROUP_BY, type CompareMode, type Granularity, type GroupBy } from "./roi-report-types";

export const roiQuerySchema = z
  .object({
    from: calendarDateSchema,
    to: calendarDateSchema,
    granularity: z.enum(GRANULARITIES).default("day"),
    siteId: uuidSchema.optional(),
    channel: z.string().trim().toLowerCase().min(1).max(50).optional(),
    currency: currencySchema.optional(),
    groupBy: z.enum(GROUP_BY).optional(),
    compare: z.enum(COMPARE_MODES).optional(),
  })
  .strict();

/** A validated report request with its range as day numbers. */
export interface RoiQuery {
  from: number;
  to: number;
  granularity: Granularity;
  siteId?: string;
  channel?: string;
  currency?: string;
  groupBy?: GroupBy;
  compare?: CompareMode;
}

// Five years of days, counting one leap day per four years (2024-01-01..2028-12-31 is 1827 days).
const MAX_RANGE_DAYS = 1827;

/** Validates query-string values; dates must be ordered and at most five years apart. */
export function parseRoiQuery(input: Record<string, string | undefined>): RoiQuery {
  const present = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== ""));
  const query = parseInput(roiQuerySchema, present);
  const from = parseCalendarDate(query.from)!;
  const to = parseCalendarDate(query.to)!;
  if (from > to) throw new AppError("validation_failed", "The range is reversed.", [{ field: "from", message: "Must not be after `to`." }]);
  if (to - from + 1 > MAX_RANGE_DAYS) {
    throw new AppError("validation_failed", "The range is too long.", [{ field: "to", message: "Ranges are limited to five years." }]);
  }
  return { ...query, from, to };
}
