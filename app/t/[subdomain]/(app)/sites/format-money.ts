import { minorUnitDigits } from "@/lib/money/currency";

/** Integer minor units (as the API returns money) for display in the site's currency. */
export function formatMinorUnits(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amount / 10 ** digits);
}
