import { z } from "zod";
import { parseInputDate } from "@/lib/dates/calendar-date";
import { AppError, type ErrorDetail } from "@/lib/errors";

// The audit log's filters arrive as a query string and end up in a MongoDB filter, so each is a
// plain string of a known shape: `action[$ne]=x` is an unknown parameter, `action=a&action=b` a
// repeated one, and `{"$gt":""}` matches no field's pattern. All of them are 400, never a query.

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar date (midnight UTC) or an ISO 8601 time with offset, as an instant; null if neither. */
function parseInstant(value: string): Date | null {
  if (DATE.test(value)) {
    const day = parseInputDate(value);
    return day === null ? null : new Date(day * DAY_MS);
  }
  if (!z.iso.datetime({ offset: true }).safeParse(value).success) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const instantSchema = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const date = parseInstant(value);
    if (date) return { value, date };
    ctx.addIssue({ code: "custom", message: "Must be a date (YYYY-MM-DD) or an ISO 8601 time." });
    return z.NEVER;
  });

const cursorSchema = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const [stamp = "", id = ""] = Buffer.from(value, "base64url").toString("utf8").split("|");
    const occurredAt = new Date(stamp);
    if (Number.isNaN(occurredAt.getTime()) || !z.uuid().safeParse(id).success) {
      ctx.addIssue({ code: "custom", message: "Must be a cursor returned by a previous page." });
      return z.NEVER;
    }
    return { occurredAt, id };
  });

export const auditFiltersSchema = z
  .object({
    action: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "Must be an action such as site.created.").max(100).optional(),
    actorId: z.string().regex(ID, "Must be an actor id.").optional(),
    targetType: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, "Must be a target type such as site.").optional(),
    targetId: z.string().regex(ID, "Must be a target id.").optional(),
    from: instantSchema.optional(),
    // A bare date includes that whole day.
    to: instantSchema.optional(),
  })
  .strict();

export const auditPageQuerySchema = auditFiltersSchema
  .extend({
    limit: z.string().regex(/^\d{1,3}$/, "Must be a whole number from 1 to 200.").transform(Number).pipe(z.number().min(1).max(200)).default(50),
    cursor: cursorSchema.optional(),
  })
  .strict();

export interface AuditFilters {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  /** Exclusive upper bound. */
  toExclusive?: Date;
}

export interface AuditPageQuery extends AuditFilters {
  limit: number;
  cursor?: { occurredAt: Date; id: string };
}

/** Each parameter once; an empty one (a blank filter field of a form) counts as not sent. */
function singleValuedParams(searchParams: URLSearchParams): Record<string, string | undefined> {
  const seen = new Set<string>();
  const params: Record<string, string | undefined> = {};
  const repeated: ErrorDetail[] = [];
  for (const [name, value] of searchParams) {
    if (seen.has(name)) repeated.push({ field: name, message: "Send this parameter once." });
    seen.add(name);
    // Kept as a key, so an unknown parameter is refused even when blank.
    params[name] = value === "" ? undefined : value;
  }
  if (repeated.length) throw new AppError("bad_request", "The query repeats a parameter.", repeated);
  return params;
}

function parseWith<S extends z.ZodType>(schema: S, searchParams: URLSearchParams): z.infer<S> {
  const parsed = schema.safeParse(singleValuedParams(searchParams));
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join(".") : issue.code === "unrecognized_keys" ? issue.keys.join(", ") : "(query)",
    message: issue.message,
  }));
  throw new AppError("bad_request", "The query has invalid parameters.", details);
}

function toFilters(parsed: z.infer<typeof auditFiltersSchema>): AuditFilters {
  const { from, to, ...rest } = parsed;
  const toExclusive = to ? new Date(to.date.getTime() + (DATE.test(to.value) ? DAY_MS : 1)) : undefined;
  if (from && toExclusive && from.date >= toExclusive) {
    throw new AppError("validation_failed", "`from` must not be after `to`.", [{ field: "from", message: "Must not be after `to`." }]);
  }
  return { ...rest, ...(from ? { from: from.date } : {}), ...(toExclusive ? { toExclusive } : {}) };
}

/** The export's query: filters only. */
export function parseAuditFilters(searchParams: URLSearchParams): AuditFilters {
  return toFilters(parseWith(auditFiltersSchema, searchParams));
}

/** The list's query: filters plus limit and cursor. */
export function parseAuditPageQuery(searchParams: URLSearchParams): AuditPageQuery {
  const { limit, cursor, ...filters } = parseWith(auditPageQuerySchema, searchParams);
  return { ...toFilters(filters), limit, ...(cursor ? { cursor } : {}) };
}

/** The cursor of the page after an event. */
export function encodeAuditCursor(event: { occurredAt: Date; id: string }): string {
  return Buffer.from(`${event.occurredAt.toISOString()}|${event.id}`).toString("base64url");
}
