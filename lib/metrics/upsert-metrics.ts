import { isUniqueViolation, withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { bumpDataVersion } from "@/lib/reports/data-version";
import { findSiteOrThrow } from "@/lib/sites/get-site";
import { parseInput } from "@/lib/validation/parse-input";
import { metricsRequestSchema, validateMetricRows, type MetricRow } from "./metric-rows";

export interface UpsertMetricsResult {
  siteId: string;
  rows: number;
}

/**
 * Idempotent, all-or-nothing upsert of daily metrics on (site, date, channel). A measure left out of a
 * row keeps its stored value, so a Search Console import (clicks, impressions, position) and a GA4
 * import (sessions, conversions, revenue) of the same days combine instead of erasing each other.
 */
export async function upsertMetrics(tenantId: string, input: unknown): Promise<UpsertMetricsResult> {
  const request = parseInput(metricsRequestSchema, input);
  const write = () =>
    withTenantDb(tenantId, async (db) => {
      const site = await findSiteOrThrow(db, request.siteId, "siteId");
      const { rows, errors } = validateMetricRows(request.rows, site.currency);
      if (errors.length) throw new AppError("validation_failed", `${errors.length} problem(s) in the rows; nothing was imported.`, errors);
      await mergeRows(db, tenantId, site.id, rows);
      return { siteId: site.id, rows: rows.length };
    });
  let result: UpsertMetricsResult;
  try {
    result = await write();
  } catch (error) {
    // MERGE has no ON CONFLICT: two imports inserting the same new day race to a unique violation.
    // The retry sees the winner's row and updates it.
    if (!isUniqueViolation(error, "metrics_daily_pkey")) throw error;
    result = await write();
  }
  await bumpDataVersion(tenantId);
  return result;
}

type Db = Parameters<Parameters<typeof withTenantDb>[1]>[0];

async function mergeRows(db: Db, tenantId: string, siteId: string, rows: MetricRow[]): Promise<void> {
  const column = <K extends keyof MetricRow>(key: K) => rows.map((row) => row[key]);
  await db.$executeRaw`
    MERGE INTO metrics_daily AS m
    USING (
      SELECT * FROM unnest(
        ${column("date")}::date[], ${column("channel")}::varchar[], ${column("sessions")}::int[],
        ${column("conversions")}::int[], ${column("revenue")}::bigint[], ${column("clicks")}::int[],
        ${column("impressions")}::bigint[], ${column("position")}::numeric[]
      ) AS t(date, channel, sessions, conversions, revenue, clicks, impressions, position)
    ) AS i
    ON m.tenant_id = ${tenantId}::uuid AND m.site_id = ${siteId}::uuid AND m.date = i.date AND m.channel = i.channel
    WHEN MATCHED THEN UPDATE SET
      sessions = COALESCE(i.sessions, m.sessions), conversions = COALESCE(i.conversions, m.conversions),
      revenue = COALESCE(i.revenue, m.revenue), clicks = COALESCE(i.clicks, m.clicks),
      impressions = COALESCE(i.impressions, m.impressions), position = COALESCE(i.position, m.position),
      updated_at = now()
    WHEN NOT MATCHED THEN INSERT (tenant_id, site_id, date, channel, sessions, conversions, revenue, clicks, impressions, position)
      VALUES (${tenantId}::uuid, ${siteId}::uuid, i.date, i.channel, COALESCE(i.sessions, 0), COALESCE(i.conversions, 0),
              COALESCE(i.revenue, 0), COALESCE(i.clicks, 0), COALESCE(i.impressions, 0), i.position)`;
}
