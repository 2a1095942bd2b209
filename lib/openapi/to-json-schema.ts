import { z } from "zod";
import { calendarDateSchema, currencySchema, moneyInputSchema, timeZoneSchema, uuidSchema } from "@/lib/validation/common";
import type { JsonSchema, SchemaSource } from "./api-operation";

// Shared field schemas check their values with refinements, which JSON Schema cannot carry: their
// documented form is given here once, keyed by the very schema object, wherever it appears.
const KNOWN_FIELDS = new Map<z.core.$ZodType, JsonSchema>([
  [calendarDateSchema, { format: "date", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "A calendar date, YYYY-MM-DD.", examples: ["2026-01-31"] }],
  [uuidSchema, { description: "An id (UUID)." }],
  [currencySchema, { description: "An ISO 4217 currency code (case-insensitive).", examples: ["USD"] }],
  [timeZoneSchema, { description: "An IANA time zone.", examples: ["Europe/Berlin"] }],
  [moneyInputSchema, { description: "A decimal amount in the site's currency, as a string or a number; at most the currency's minor-unit digits.", examples: ["1500.00"] }],
]);

export function isZodSchema(source: SchemaSource): source is z.ZodType {
  return source instanceof z.ZodType;
}

/**
 * A zod schema as JSON Schema 2020-12 (the dialect of OpenAPI 3.1), on its *input* side: what a
 * client sends, before transforms and defaults. Parts with no JSON form (custom checks, transforms'
 * outputs) become `{}` (any) rather than failing the whole document; refinements are documented in
 * words by the registry. A hand-written JSON Schema passes through unchanged.
 */
export function toJsonSchema(source: SchemaSource, io: "input" | "output" = "input"): JsonSchema {
  if (!isZodSchema(source)) return source;
  const converted = z.toJSONSchema(source, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    reused: "inline",
    override: ({ zodSchema, jsonSchema }) => {
      const known = KNOWN_FIELDS.get(zodSchema);
      if (known) Object.assign(jsonSchema, known);
    },
  }) as JsonSchema;
  const { $schema: _dialect, ...schema } = converted;
  return schema;
}
