import { createHash } from "node:crypto";
import { withTenantSql } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { evalRaw, getRedis, redisKeys } from "@/lib/redis";
import { siteNotFound } from "@/lib/sites/get-site";
import { buildRoiReport, comparedRange } from "./build-roi-report";
import { loadRoiData } from "./load-roi-data";
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

async function readCached(tenantId: string, prefix: string, suffix: string): Promise<{ version: string; json: string | null }> {
  // Raw: the cached JSON is sent on as it is, never decoded and encoded again.
  const [version, cached] = await evalRaw<[string | number, string | null]>(READ_CACHED_REPORT, [dataVersionKey(tenantId)], [prefix, suffix]);
  return { version: String(version), json: typeof cached === "string" ? cached : null };
}

async function computeReport(tenantId: string, query: RoiQuery): Promise<RoiReport> {
  const scope = { tenantId, siteId: query.siteId, currency: query.currency, channel: query.channel };
  const range = { from: query.from, to: query.to, granularity: query.granularity, groupBy: query.groupBy, compared: query.compare ? comparedRange(query) : undefined };
  return withTenantSql(tenantId, async (sql) => {
    const data = await loadRoiData(sql, scope, range);
    if (query.siteId && data.sites.length === 0) {
      // The site is unknown, or in another currency than the one asked for (an empty report).
      const [exists] = await sql.query("SELECT 1 FROM sites WHERE tenant_id = $1::uuid AND id = $2::uuid", [tenantId, query.siteId]);
      if (!exists) throw siteNotFound("siteId");
    }
    const currencies = [...new Set(data.sites.map((site) => site.currency))];
    if (currencies.length > 1) {
      throw new AppError("mixed_currency", `These sites use different currencies (${currencies.sort().join(", ")}); filter by currency or site.`, [
        { field: "currency", message: `Choose one of ${currencies.join(", ")}.` },
      ]);
    }
    return buildRoiReport(data, query, currencies[0] ?? query.currency ?? null);
  }, { readOnly: true });
}

/**
 * GET /api/v1/reports/roi's work, as the JSON the endpoint answers with. Results are cached per tenant
 * under its data version, which every write bumps, so a cached report always reflects the current
 * data. A request that bypasses the cache computes fresh and stores nothing: storing safely needs the
 * version read before the data, a Redis round trip the caller asked to skip.
 */
export async function getRoiReportJson(tenantId: string, input: Record<string, string | undefined>, options: RoiReportOptions = {}): Promise<string> {
  const query = parseRoiQuery(input);
  if (options.bypassCache) return JSON.stringify(await computeReport(tenantId, query));
  const [prefix, suffix] = cacheKeyParts(tenantId, query);
  // The version is read before computing: a write landing meanwhile bumps it, so this result is
  // stored under the older version and never served for the newer data.
  const cached = await readCached(tenantId, prefix, suffix).catch(() => null);
  if (cached?.json) return cached.json;
  const json = JSON.stringify(await computeReport(tenantId, query));
  // Stored without holding up the answer; a failed store only costs a later recomputation.
  if (cached) void getRedis().set(`${prefix}${cached.version}${suffix}`, json, { ex: REPORT_CACHE_TTL_SECONDS }).catch(() => undefined);
  return json;
}

/** The report as an object (the dashboard), through the same cache. */
export async function getRoiReport(tenantId: string, input: Record<string, string | undefined>, options: RoiReportOptions = {}): Promise<RoiReport> {
  return JSON.parse(await getRoiReportJson(tenantId, input, options)) as RoiReport;
}
