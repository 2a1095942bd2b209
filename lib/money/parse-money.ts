import { minorUnitDigits } from "./currency";

// Largest amount accepted anywhere: 10^13 minor units (100 billion dollars), far inside 2^53, so sums
// over years of data stay exact in JavaScript numbers and PostgreSQL bigints alike.
export const MAX_MINOR_UNITS = 10_000_000_000_000;

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export type MoneyParse = { ok: true; minor: number } | { ok: false; message: string };

/**
 * A decimal amount in the currency's major unit ("1000.00", "1000", 1000.5) as exact integer minor
 * units. Parsed from its decimal text, never through floating-point multiplication; more decimal
 * places than the currency has is an error rather than a silent rounding.
 */
export function parseMoney(value: unknown, currency: string, options: { allowNegative?: boolean } = {}): MoneyParse {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { ok: false, message: "Must be a finite number." };
    text = String(value);
    if (/e/i.test(text)) return { ok: false, message: "Use a plain decimal amount." };
  } else if (typeof value === "string") {
    text = value.trim();
  } else {
    return { ok: false, message: "Must be a decimal amount such as \"1000.00\"." };
  }
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, message: "Must be a decimal amount such as \"1000.00\"." };
  const [, sign, whole, fraction = ""] = match;
  const digits = minorUnitDigits(currency);
  if (fraction.length > digits) {
    return { ok: false, message: `${currency} has ${digits} decimal place${digits === 1 ? "" : "s"} at most.` };
  }
  if (whole!.length > 16) return { ok: false, message: "Amount is too large." };
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR_UNITS) return { ok: false, message: "Amount is too large." };
  if (sign && minor !== 0 && !options.allowNegative) return { ok: false, message: "Must not be negative." };
  return { ok: true, minor: sign ? -minor : minor };
}
