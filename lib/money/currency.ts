// ISO 4217 currencies and their minor units, from the runtime's ICU data (JPY 0, USD 2, BHD 3).

const KNOWN = new Set(Intl.supportedValuesOf("currency"));
const digitsCache = new Map<string, number>();

/** True for an ISO 4217 code the runtime knows. */
export function isKnownCurrency(code: string): boolean {
  return KNOWN.has(code);
}

/** Digits after the decimal point in the currency's minor unit. */
export function minorUnitDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}
