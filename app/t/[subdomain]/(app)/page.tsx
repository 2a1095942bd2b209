import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { hasPermission } from "@/lib/auth/roles";
import { formatDay, todayUtc } from "@/lib/dates/calendar-date";
import type { ErrorDetail } from "@/lib/errors";
import { getRoiReport } from "@/lib/reports/get-roi-report";
import type { RoiReport } from "@/lib/reports/roi-report-types";
import { listSites } from "@/lib/sites/list-sites";
import type { SiteView } from "@/lib/sites/site-types";
import { requireMember } from "../_lib/load-tenant";
import { EmptyState } from "./_components/empty-state";
import { formatDateRange, pickLocale } from "./_components/format";
import { KpiCards } from "./_components/kpi-cards";
import { RoiChart } from "./_components/roi-chart";
import { MixedCurrencyNotice, QueryErrorNotice } from "./_components/report-notice";
import { ReportPicker } from "./_components/report-picker";
import {
  isMixedCurrencyError,
  isQueryError,
  rangePresets,
  resolveDashboardQuery,
  toReportQuery,
  toSearchString,
  type DashboardQuery,
  type SearchParams,
} from "./_components/report-query";
import { SiteTable } from "./_components/site-table";

export const metadata: Metadata = { title: "Dashboard" };

interface DashboardPageProps {
  params: Promise<{ subdomain: string }>;
  searchParams: Promise<SearchParams>;
}

type ReportOutcome =
  | { kind: "report"; report: RoiReport }
  | { kind: "mixed_currency" }
  | { kind: "invalid_query"; message: string; details: ErrorDetail[] | undefined };

// The picker lists every site; 200 is the list API's page size, and the cap bounds a runaway loop.
const SITE_PAGE_SIZE = 200;
const MAX_SITE_PAGES = 25;

export default async function DashboardPage({ params, searchParams }: DashboardPageProps) {
  const { tenant, principal } = await requireMember((await params).subdomain);
  if (!hasPermission(principal.roleMask, "reports.read")) {
    return (
      <DashboardHeading subtitle={`${tenant.name}'s workspace`}>
        <p className="rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-600">
          Your role does not include reports. Ask a workspace owner or admin for analyst or viewer access.
        </p>
      </DashboardHeading>
    );
  }

  const today = formatDay(todayUtc());
  const query = resolveDashboardQuery(await searchParams, today);
  const [sites, outcome, locale] = await Promise.all([listAllSites(tenant.id), loadReport(tenant.id, query), requestLocale()]);
  const subtitle = `Return on investment across ${tenant.name}'s sites`;
  if (sites.length === 0) {
    return (
      <DashboardHeading subtitle={subtitle}>
        <EmptyState />
      </DashboardHeading>
    );
  }

  const currencies = [...new Set(sites.map((site) => site.currency))].sort();
  const report = outcome.kind === "report" ? outcome.report : undefined;
  const range = report ? ` · ${formatDateRange(report.from, report.to, locale)}` : "";
  return (
    <DashboardHeading subtitle={`${subtitle}${range}`}>
      {outcome.kind === "invalid_query" ? <QueryErrorNotice message={outcome.message} details={outcome.details} /> : null}
      <ReportPicker
        query={query}
        presets={rangePresets(today)}
        sites={sites.map(({ id, name, currency }) => ({ id, name, currency }))}
        currencies={currencies}
      />
      {outcome.kind === "mixed_currency" ? (
        <MixedCurrencyNotice currencies={currencies} hrefForCurrency={(currency) => toSearchString(query, { currency, siteId: "" })} />
      ) : null}
      {report?.currency ? <ReportBody report={report} currency={report.currency} sites={sites} query={query} locale={locale} /> : null}
    </DashboardHeading>
  );
}

interface ReportBodyProps {
  report: RoiReport;
  currency: string;
  sites: SiteView[];
  query: DashboardQuery;
  locale: string;
}

function ReportBody({ report, currency, sites, query, locale }: ReportBodyProps) {
  const { totals } = report;
  const hasNoData = totals.revenue === 0 && totals.cost === 0 && totals.sessions === 0 && totals.conversions === 0;
  return (
    <>
      {hasNoData ? (
        <p data-testid="no-data-hint" className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">
          Nothing recorded in this range yet.{" "}
          <Link href="/import" className="font-medium text-indigo-600 hover:underline">Import metrics</Link>{" "}
          or pick another range.
        </p>
      ) : null}
      <KpiCards totals={totals} comparison={report.comparison} currency={currency} locale={locale} />
      <RoiChart
        series={report.series.map(({ start, end, revenue, cost, profit, roi }) => ({ start, end, revenue, cost, profit, roi }))}
        annotations={report.annotations}
        siteNames={Object.fromEntries(sites.map((site) => [site.id, site.name]))}
        currency={currency}
        granularity={report.granularity}
        locale={locale}
      />
      <div>
        <h2 className="mb-3 font-semibold">Sites</h2>
        <SiteTable
          rows={report.breakdown ?? []}
          totals={totals}
          currency={currency}
          locale={locale}
          hrefForSite={(siteId) => toSearchString(query, { siteId, currency: "" })}
        />
      </div>
    </>
  );
}

function DashboardHeading({ subtitle, children }: { subtitle: string; children: ReactNode }) {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Dashboard</h1>
        <p className="mt-1 text-sm text-slate-600">{subtitle}</p>
      </div>
      {children}
    </div>
  );
}

/** The report, or why the query cannot produce one; failures that are not the query's fault propagate. */
async function loadReport(tenantId: string, query: DashboardQuery): Promise<ReportOutcome> {
  try {
    return { kind: "report", report: await getRoiReport(tenantId, toReportQuery(query)) };
  } catch (error) {
    if (isMixedCurrencyError(error)) return { kind: "mixed_currency" };
    if (isQueryError(error)) return { kind: "invalid_query", message: error.message, details: error.details };
    throw error;
  }
}

/** Every site of the workspace, by name. */
async function listAllSites(tenantId: string): Promise<SiteView[]> {
  const sites: SiteView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_SITE_PAGES; page++) {
    const result = await listSites(tenantId, { limit: SITE_PAGE_SIZE, cursor });
    sites.push(...result.data);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return sites.sort((a, b) => a.name.localeCompare(b.name));
}

async function requestLocale(): Promise<string> {
  return pickLocale((await headers()).get("accept-language"));
}
