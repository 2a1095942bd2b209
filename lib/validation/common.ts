import { z } from "zod";
import { parseInputDate } from "@/lib/dates/calendar-date";
import { isKnownCurrency } from "@/lib/money/currency";

const TIME_ZONES = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

/** A real calendar date written YYYY-MM-DD. */
export const calendarDateSchema = z
  .string()
  .refine((value) => parseInputDate(value) !== null, "Must be a date written YYYY-MM-DD.");

export const uuidSchema = z.uuid("Must be a valid id.");

export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isKnownCurrency, "Must be an ISO 4217 currency code such as USD.");

export const timeZoneSchema = z.string().trim().refine((zone) => TIME_ZONES.has(zone), "Must be an IANA time zone such as Europe/Berlin.");

/** Money in a request: a decimal string or number; parsed against the site's currency later. */
export const moneyInputSchema = z.union([z.string().max(32), z.number()], { error: "Must be a decimal amount such as \"1000.00\"." });

/** ?limit=&cursor= on list endpoints. */
// Strict, like the report's query: a typo such as ?siteid= is an error, not a silent unfiltered list.
export const pageQuerySchema = z
  .object({
    limit: z.coerce.number().int("Must be a whole number.").min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export type PageQuery = z.infer<typeof pageQuerySchema>;
