import Link from "next/link";
import type { ErrorDetail } from "@/lib/errors";

/** A query the report refused (bad date, unknown site…), shown where the user can fix it. */
export function QueryErrorNotice({ message, details }: { message: string; details: ErrorDetail[] | undefined }) {
  return (
    <div role="alert" data-testid="report-error" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <p className="font-medium">{message}</p>
      {details?.length ? (
        <ul className="mt-1 list-inside list-disc">
          {details.map((detail, index) => (
            <li key={`${detail.field ?? ""}-${index}`}>
              {detail.field ? <code className="rounded bg-red-100 px-1">{detail.field}</code> : null} {detail.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

interface MixedCurrencyNoticeProps {
  currencies: string[];
  hrefForCurrency: (currency: string) => string;
}

/** Sites in different currencies are never summed: ask which currency (or site) to report on. */
export function MixedCurrencyNotice({ currencies, hrefForCurrency }: MixedCurrencyNoticeProps) {
  return (
    <div role="status" data-testid="mixed-currency-notice" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
      <p className="font-medium text-amber-900">Your sites earn in different currencies, which cannot be added together.</p>
      <p className="mt-1 text-amber-800">Pick a currency or a single site to see its report.</p>
      <div className="mt-3 flex flex-wrap gap-2">
        {currencies.map((currency) => (
          <Link
            key={currency}
            href={hrefForCurrency(currency)}
            className="rounded-md border border-amber-300 bg-white px-3 py-1.5 font-medium text-amber-900 hover:bg-amber-100"
          >
            {currency} sites
          </Link>
        ))}
      </div>
    </div>
  );
}
