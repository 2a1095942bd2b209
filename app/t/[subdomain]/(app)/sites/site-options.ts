// Currencies offered first in the site form; any other ISO 4217 code can be typed in.
export const COMMON_CURRENCIES = [
  "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK",
  "JPY", "INR", "SGD", "HKD", "AED", "BRL", "MXN", "ZAR",
] as const;

/** The time zones the API accepts (it validates against the server's ICU list plus UTC). */
export function supportedTimeZones(): string[] {
  return [...new Set(["UTC", ...Intl.supportedValuesOf("timeZone")])];
}
