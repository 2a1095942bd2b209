import type { TenantDb } from "@/lib/db";
import { dateOfDay, dayOfDate } from "@/lib/dates/calendar-date";
import type { ServiceSpan } from "./service-costs";
import type { Granularity } from "./roi-report-types";

// The SQL the report runs. Sums are cast to bigint so the driver returns exact integers, and every
// statement filters on tenant_id first (the leading column of each index), besides row-level security.

export interface MeasureSums {
  sessions: number;
  conversions: number;
  revenue: number;
  clicks: number;
  impressions: number;
}

export interface Scope {
  tenantId: string;
  siteIds: string[] | null; // null = every site of the tenant
  channel?: string;
}

interface SumRow {
  key: Date | string;
  sessions: bigint;
  conversions: bigint;
  revenue: bigint;
  clicks: bigint;
  impressions: bigint;
}

const BUCKET_SQL: Record<Granularity, string> = {
  day: "date",
  week: "date_trunc('week', date)::date",
  month: "date_trunc('month', date)::date",
};

function toSums(row: SumRow): MeasureSums {
  return {
    sessions: Number(row.sessions),
    conversions: Number(row.conversions),
    revenue: Number(row.revenue),
    clicks: Number(row.clicks),
    impressions: Number(row.impressions),
  };
}

function siteFilter(scope: Scope, next: number): { sql: string; params: unknown[] } {
  return scope.siteIds ? { sql: ` AND site_id = ANY($${next}::uuid[])`, params: [scope.siteIds] } : { sql: "", params: [] };
}

/** Metric sums per natural bucket start (day number), or per site / channel when grouping. */
export async function sumMetrics(
  db: TenantDb,
  scope: Scope,
  from: number,
  to: number,
  groupBy: Granularity | "site" | "channel" | "total",
): Promise<Map<string, MeasureSums>> {
  const keySql = groupBy === "site" ? "site_id::text" : groupBy === "channel" ? "channel" : groupBy === "total" ? "'total'" : BUCKET_SQL[groupBy];
  const params: unknown[] = [scope.tenantId, dateOfDay(from), dateOfDay(to)];
  const sites = siteFilter(scope, params.length + 1);
  params.push(...sites.params);
  let channelSql = "";
  if (scope.channel) {
    params.push(scope.channel);
    channelSql = ` AND channel = $${params.length}`;
  }
  const rows = await db.$queryRawUnsafe<SumRow[]>(
    `SELECT ${keySql} AS key, sum(sessions)::bigint AS sessions, sum(conversions)::bigint AS conversions,
            sum(revenue)::bigint AS revenue, sum(clicks)::bigint AS clicks, sum(impressions)::bigint AS impressions
       FROM metrics_daily
      WHERE tenant_id = $1::uuid AND date BETWEEN $2 AND $3${sites.sql}${channelSql}
      GROUP BY 1`,
    ...params,
  );
  return new Map(rows.map((row) => [row.key instanceof Date ? String(dayOfDate(row.key)) : row.key, toSums(row)]));
}

export interface CostLineSum {
  day: number;
  siteId: string;
  amount: number;
}

/** Cost lines in the range, summed per day and site. */
export async function sumCostLines(db: TenantDb, scope: Scope, from: number, to: number): Promise<CostLineSum[]> {
  const params: unknown[] = [scope.tenantId, dateOfDay(from), dateOfDay(to)];
  const sites = siteFilter(scope, params.length + 1);
  params.push(...sites.params);
  const rows = await db.$queryRawUnsafe<{ date: Date; site_id: string; amount: bigint }[]>(
    `SELECT date, site_id::text AS site_id, sum(amount)::bigint AS amount FROM cost_lines
      WHERE tenant_id = $1::uuid AND date BETWEEN $2 AND $3${sites.sql}
      GROUP BY 1, 2`,
    ...params,
  );
  return rows.map((row) => ({ day: dayOfDate(row.date), siteId: row.site_id, amount: Number(row.amount) }));
}

/** Services active at some point in the range. */
export async function loadServiceSpans(db: TenantDb, scope: Scope, from: number, to: number): Promise<(ServiceSpan & { siteId: string })[]> {
  const params: unknown[] = [scope.tenantId, dateOfDay(to), dateOfDay(from)];
  const sites = siteFilter(scope, params.length + 1);
  params.push(...sites.params);
  const rows = await db.$queryRawUnsafe<{ site_id: string; start_date: Date; end_date: Date | null; monthly_fee: bigint }[]>(
    `SELECT site_id::text AS site_id, start_date, end_date, monthly_fee FROM services
      WHERE tenant_id = $1::uuid AND start_date <= $2 AND (end_date IS NULL OR end_date >= $3)${sites.sql}`,
    ...params,
  );
  return rows.map((row) => ({
    siteId: row.site_id,
    start: dayOfDate(row.start_date),
    end: row.end_date ? dayOfDate(row.end_date) : null,
    monthlyFee: Number(row.monthly_fee),
  }));
}

export interface AnnotationRow {
  date: Date;
  site_id: string;
  service_id: string;
  title: string;
  url: string | null;
}

/** Deliverables dated in the range (newest 500), for chart annotations. */
export async function loadAnnotations(db: TenantDb, scope: Scope, from: number, to: number): Promise<AnnotationRow[]> {
  const params: unknown[] = [scope.tenantId, dateOfDay(from), dateOfDay(to)];
  const sites = siteFilter(scope, params.length + 1);
  params.push(...sites.params);
  return db.$queryRawUnsafe<AnnotationRow[]>(
    `SELECT date, site_id::text AS site_id, service_id::text AS service_id, title, url FROM deliverables
      WHERE tenant_id = $1::uuid AND date BETWEEN $2 AND $3${sites.sql}
      ORDER BY date DESC, id LIMIT 500`,
    ...params,
  );
}
