import type { TenantSql } from "@/lib/db";
import { formatDay, parseCalendarDate } from "@/lib/dates/calendar-date";
import type { ServiceSpan } from "./service-costs";
import type { Granularity, GroupBy } from "./roi-report-types";

// Everything the report needs comes back from ONE statement (one round trip) as
// JSON: per-bucket and per-group metric sums, compared-range totals, services and cost lines over
// both ranges, and annotations. Every part filters on tenant_id first, besides row-level security.

export interface MeasureSums {
  sessions: number;
  conversions: number;
  revenue: number;
  clicks: number;
  impressions: number;
}

export interface Scope {
  tenantId: string;
  siteId?: string; // only this site
  currency?: string; // only the sites in this currency
  channel?: string;
}

export interface ScopeSite {
  id: string;
  name: string;
  currency: string;
}

export interface CostLineSum {
  day: number;
  siteId: string;
  amount: number;
}

export interface RoiData {
  sites: ScopeSite[]; // the sites in scope, by name
  byBucket: Map<number, MeasureSums>; // natural bucket start (day number) -> sums
  byGroup: Map<string, MeasureSums> | null; // site id or channel -> sums
  compared: MeasureSums | null;
  services: (ServiceSpan & { siteId: string })[];
  costLines: CostLineSum[];
  annotations: { date: string; siteId: string; serviceId: string; title: string; url: string | null }[];
}

const BUCKET_SQL: Record<Granularity, string> = {
  day: "date",
  week: "date_trunc('week', date)::date",
  month: "date_trunc('month', date)::date",
};

// coalesce: the compared range's total over no rows is one row of NULL sums.
const SUMS = ["sessions", "conversions", "revenue", "clicks", "impressions"].map((name) => `coalesce(sum(${name}), 0)::bigint AS ${name}`).join(", ");

interface SumJson extends MeasureSums {
  key: string;
}

interface RoiJson {
  sites: ScopeSite[];
  buckets: SumJson[];
  groups: SumJson[] | null;
  compared: SumJson[] | null;
  services: { site_id: string; start_date: string; end_date: string | null; monthly_fee: number }[];
  costs: { date: string; site_id: string; amount: number }[];
  annotations: { date: string; site_id: string; service_id: string; title: string; url: string | null }[];
}

const toSums = ({ sessions, conversions, revenue, clicks, impressions }: SumJson): MeasureSums => ({ sessions, conversions, revenue, clicks, impressions });

export interface LoadRange {
  from: number;
  to: number;
  granularity: Granularity;
  groupBy?: GroupBy;
  compared?: { from: number; to: number };
}

/** The report's single statement and its parameters (exported so bench:roi can time it raw). */
export function roiDataStatement(scope: Scope, range: LoadRange): { sql: string; params: unknown[] } {
  const compared = range.compared;
  // $1 tenant, $2..$3 the range, $4..$5 the compared range (or the range again), then the optional
  // site, currency and channel filters (PostgreSQL rejects parameters a statement does not use).
  const params: unknown[] = [
    scope.tenantId, formatDay(range.from), formatDay(range.to),
    formatDay(compared?.from ?? range.from), formatDay(compared?.to ?? range.to),
  ];
  let siteFilter = "";
  if (scope.siteId) {
    params.push(scope.siteId);
    siteFilter += ` AND id = $${params.length}::uuid`;
  }
  if (scope.currency) {
    params.push(scope.currency);
    siteFilter += ` AND currency = $${params.length}`;
  }
  // With a site or currency filter only those sites count; without one, every site of the tenant.
  const sites = siteFilter ? ` AND site_id IN (SELECT id FROM sites WHERE tenant_id = $1::uuid${siteFilter})` : "";
  let channel = "";
  if (scope.channel) {
    params.push(scope.channel);
    channel = ` AND channel = $${params.length}`;
  }
  const metrics = (from: string, to: string) => `FROM metrics_daily WHERE tenant_id = $1::uuid AND date BETWEEN ${from}::date AND ${to}::date${sites}${channel}`;
  const groupKey = range.groupBy === "site" ? "site_id::text" : "channel";
  // Costs and services are read over the span of both ranges at once.
  const spanFrom = "LEAST($2::date, $4::date)";
  const spanTo = "GREATEST($3::date, $5::date)";
  const sql = `
    SELECT
      (SELECT coalesce(json_agg(s ORDER BY s.name, s.id), '[]') FROM (
         SELECT id, name, currency FROM sites WHERE tenant_id = $1::uuid${siteFilter}) s) AS sites,
      (SELECT coalesce(json_agg(b), '[]') FROM (SELECT ${BUCKET_SQL[range.granularity]}::text AS key, ${SUMS} ${metrics("$2", "$3")} GROUP BY 1) b) AS buckets,
      ${range.groupBy ? `(SELECT coalesce(json_agg(g), '[]') FROM (SELECT ${groupKey} AS key, ${SUMS} ${metrics("$2", "$3")} GROUP BY 1) g)` : "NULL"} AS groups,
      ${compared ? `(SELECT json_agg(c) FROM (SELECT 'total' AS key, ${SUMS} ${metrics("$4", "$5")}) c)` : "NULL"} AS compared,
      (SELECT coalesce(json_agg(s), '[]') FROM (
         SELECT site_id, start_date, end_date, monthly_fee FROM services
          WHERE tenant_id = $1::uuid AND start_date <= ${spanTo} AND (end_date IS NULL OR end_date >= ${spanFrom})${sites}) s) AS services,
      (SELECT coalesce(json_agg(c), '[]') FROM (
         SELECT date, site_id, sum(amount)::bigint AS amount FROM cost_lines
          WHERE tenant_id = $1::uuid AND date BETWEEN ${spanFrom} AND ${spanTo}${sites} GROUP BY 1, 2) c) AS costs,
      (SELECT coalesce(json_agg(a), '[]') FROM (
         SELECT date, site_id, service_id, title, url FROM deliverables
          WHERE tenant_id = $1::uuid AND date BETWEEN $2::date AND $3::date${sites} ORDER BY date DESC, id LIMIT 500) a) AS annotations`;
  return { sql, params };
}

/** Loads the report's inputs, the sites in scope included, in one statement. */
export async function loadRoiData(sql: TenantSql, scope: Scope, range: LoadRange): Promise<RoiData> {
  const statement = roiDataStatement(scope, range);
  const [row] = await sql.query<RoiJson>(statement.sql, statement.params);
  const data = row!;
  return {
    sites: data.sites,
    byBucket: new Map(data.buckets.map((bucket) => [parseCalendarDate(bucket.key)!, toSums(bucket)])),
    byGroup: data.groups ? new Map(data.groups.map((group) => [group.key, toSums(group)])) : null,
    compared: data.compared?.[0] ? toSums(data.compared[0]) : null,
    services: data.services.map((service) => ({
      siteId: service.site_id,
      start: parseCalendarDate(service.start_date)!,
      end: service.end_date ? parseCalendarDate(service.end_date)! : null,
      monthlyFee: service.monthly_fee,
    })),
    costLines: data.costs.map((cost) => ({ day: parseCalendarDate(cost.date)!, siteId: cost.site_id, amount: cost.amount })),
    annotations: data.annotations.map((a) => ({ date: a.date, siteId: a.site_id, serviceId: a.service_id, title: a.title, url: a.url })),
  };
}
