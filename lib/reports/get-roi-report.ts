import { createHash } from "node:crypto";
import { withTenantSql } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getRedis, redisKeys } from "@/lib/redis";
import { siteNotFound } from "@/lib/sites/get-site";
import { buildRoiReport } from "./build-roi-report";
import { dataVersionKey } from "./data-version";
import { parseRoiQuery, type RoiQuery } from "./roi-query";
import type { RoiReport } from "./roi-report-types";

export const REPORT_CACHE_TTL_SECONDS = 600;

export interface RoiReportOptions {
  /** Compute fresh, neither reading nor storing the cache, e.g. for `Cache-Control: no-cache`. */
  bypassCache?: boolean;
}

// Key: rs:t:<tenant>:roi:<data version>:<query hash>.
function cacheKeyParts(tenantId: string, query: RoiQuery): [prefix: string, suffix: string] {
  const canonical = JSON.stringify([query.from, query.to, query.granularity, query.siteId, query.channel, query.currency, query.groupBy, query.compare]);
  return [redisKeys.tenant(tenantId, "roi:"), `:${createHash("sha256").update(canonical).digest("base64url").slice(0, 22)}`];
}

// Reads the data version and the report cached under it in one round trip. Returns [version, report?].
const READ_CACHED_REPORT = `
local version = redis.call('GET', KEYS[1]) or '0'
return { version, redis.call('GET', ARGV[1] .. version .. ARGV[2]) }`;

async function readCached(tenantId: string, prefix: string, suffix: string): Promise<{ version: string; report: RoiReport | null }> {
  const [version, cached] = await getRedis().eval<string[], [string | number, string | RoiReport | null]>(
    READ_CACHED_REPORT, [dataVersionKey(tenantId)], [prefix, suffix],
  );
  const report = typeof cached === "string" ? (JSON.parse(cached) as RoiReport) : cached;
  return { version: String(version), report };
}

interface SiteRow {
  id: string;
  name: string;
  currency: string;
}

async function computeReport(tenantId: string, query: RoiQuery): Promise<RoiReport> {
  return withTenantSql(tenantId, async (sql) => {
    // Filters are bound as parameters or NULL, so one statement text serves every query shape.
    const sites = await sql.query<SiteRow>(
      `SELECT id, name, currency FROM sites
        WHERE tenant_id = $1::uuid AND (id = $2::uuid OR $2::uuid IS NULL) AND (currency = $3::text OR $3::text IS NULL)
        ORDER BY name`,
      [tenantId, query.siteId ?? null, query.currency ?? null],
    );
    if (query.siteId && sites.length === 0) {
      const [exists] = await sql.query("SELECT 1 FROM sites WHERE tenant_id = $1::uuid AND id = $2::uuid", [tenantId, query.siteId]);
      if (!exists) throw siteNotFound("siteId");
    }
    const currencies = [...new Set(sites.map((site) => site.currency))];
    if (currencies.length > 1) {
      throw new AppError("mixed_currency", `These sites use different currencies (${currencies.sort().join(", ")}); filter by currency or site.`, [
        { field: "currency", message: `Choose one of ${currencies.join(", ")}.` },
      ]);
    }
    // With a currency or site filter, only those sites count; without one, the tenant's sites all do.
    const isFiltered = Boolean(query.siteId || query.currency);
    const scope = { tenantId, siteIds: isFiltered ? sites.map((site) => site.id) : null, channel: query.channel };
    return buildRoiReport(sql, scope, query, currencies[0] ?? query.currency ?? null, sites);
  }, { readOnly: true });
}

/**
 * GET /api/v1/reports/roi's work. Results are cached per tenant under its data version, which every
 * write bumps, so a cached report always reflects the current data. A request that bypasses the
 * cache computes fresh and stores nothing: storing safely needs the version read before the data,
 * a Redis round trip the caller asked to skip.
 */
export async function getRoiReport(tenantId: string, input: Record<string, string | undefined>, options: RoiReportOptions = {}): Promise<RoiReport> {
  const query = parseRoiQuery(input);
  if (options.bypassCache) return computeReport(tenantId, query);
  const [prefix, suffix] = cacheKeyParts(tenantId, query);
  // The version is read before computing: a write landing meanwhile bumps it, so this result is
  // stored under the older version and never served for the newer data.
  const cached = await readCached(tenantId, prefix, suffix).catch(() => null);
  if (cached?.report) return cached.report;
  const report = await computeReport(tenantId, query);
  // Stored without holding up the answer; a failed store only costs a later recomputation.
  if (cached) void getRedis().set(`${prefix}${cached.version}${suffix}`, report, { ex: REPORT_CACHE_TTL_SECONDS }).catch(() => undefined);
  return report;
}
