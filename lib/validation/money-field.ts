import { AppError } from "@/lib/errors";
import { parseMoney } from "@/lib/money/parse-money";

/** Parses a money field against the site's currency, or throws a 422 naming the field. */
export function moneyFieldOrThrow(value: unknown, currency: string, field: string, options: { allowNegative?: boolean } = {}): number {
  const parsed = parseMoney(value, currency, options);
  if (!parsed.ok) throw new AppError("validation_failed", "The request has invalid fields.", [{ field, message: parsed.message }]);
  return parsed.minor;
}
