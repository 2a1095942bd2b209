import Link from "next/link";
import type { RoiBreakdownRow, RoiMetrics } from "@/lib/reports/roi-report-types";
import { formatCount, formatMoney, formatPercent } from "./format";

interface SiteTableProps {
  rows: RoiBreakdownRow[];
  totals: RoiMetrics;
  currency: string;
  locale: string;
  /** The dashboard link narrowed to one site, so a row opens that site's numbers. */
  hrefForSite: (siteId: string) => string;
}

const NUMERIC = "p-3 text-right tabular-nums";

/** Each site's numbers for the range, with the range's totals underneath. */
export function SiteTable({ rows, totals, currency, locale, hrefForSite }: SiteTableProps) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table data-testid="site-table" className="w-full text-sm">
        <caption className="sr-only">Revenue, cost and return per site</caption>
        <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="p-3">Site</th>
            <th scope="col" className="p-3 text-right">Revenue</th>
            <th scope="col" className="p-3 text-right">Cost</th>
            <th scope="col" className="p-3 text-right">Profit</th>
            <th scope="col" className="p-3 text-right">ROI</th>
            <th scope="col" className="p-3 text-right">Sessions</th>
            <th scope="col" className="p-3 text-right">Conversions</th>
            <th scope="col" className="p-3 text-right">Conv. rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr><td colSpan={8} className="p-6 text-center text-slate-500">No sites match this selection.</td></tr>
          ) : null}
          {rows.map((row) => (
            <tr key={row.key} data-testid="site-row" className="border-t border-slate-100">
              <th scope="row" className="p-3 text-left font-medium">
                <Link href={hrefForSite(row.key)} className="text-indigo-600 hover:underline">{row.label}</Link>
              </th>
              <td className={NUMERIC}>{formatMoney(row.revenue, currency, locale)}</td>
              <td className={NUMERIC}>{formatMoney(row.cost, currency, locale)}</td>
              <td className={`${NUMERIC} ${row.profit !== null && row.profit < 0 ? "text-red-700" : ""}`}>
                {formatMoney(row.profit, currency, locale)}
              </td>
              <td className={NUMERIC}>{formatPercent(row.roi, locale)}</td>
              <td className={NUMERIC}>{formatCount(row.sessions, locale)}</td>
              <td className={NUMERIC}>{formatCount(row.conversions, locale)}</td>
              <td className={NUMERIC}>{formatPercent(row.conversionRate, locale)}</td>
            </tr>
          ))}
        </tbody>
        {rows.length > 1 ? (
          <tfoot className="border-t border-slate-200 bg-slate-50 font-semibold">
            <tr>
              <th scope="row" className="p-3 text-left">Total</th>
              <td className={NUMERIC}>{formatMoney(totals.revenue, currency, locale)}</td>
              <td className={NUMERIC}>{formatMoney(totals.cost, currency, locale)}</td>
              <td className={NUMERIC}>{formatMoney(totals.profit, currency, locale)}</td>
              <td className={NUMERIC}>{formatPercent(totals.roi, locale)}</td>
              <td className={NUMERIC}>{formatCount(totals.sessions, locale)}</td>
              <td className={NUMERIC}>{formatCount(totals.conversions, locale)}</td>
              <td className={NUMERIC}>{formatPercent(totals.conversionRate, locale)}</td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
