import { createHash } from "node:crypto";
import { withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getRedis, redisKeys } from "@/lib/redis";
import { siteNotFound } from "@/lib/sites/get-site";
import { buildRoiReport } from "./build-roi-report";
import { readDataVersion } from "./data-version";
import { parseRoiQuery, type RoiQuery } from "./roi-query";
import type { RoiReport } from "./roi-report-types";

export const REPORT_CACHE_TTL_SECONDS = 600;

export interface RoiReportOptions {
  /** Skip the cache read (the result is still stored), e.g. for `Cache-Control: no-cache`. */
  bypassCache?: boolean;
}

function cacheKey(tenantId: string, version: number, query: RoiQuery): string {
  const canonical = JSON.stringify([query.from, query.to, query.granularity, query.siteId, query.channel, query.currency, query.groupBy, query.compare]);
  return redisKeys.tenant(tenantId, `roi:${version}:${createHash("sha256").update(canonical).digest("base64url").slice(0, 22)}`);
}

async function computeReport(tenantId: string, query: RoiQuery): Promise<RoiReport> {
  return withTenantDb(tenantId, async (db) => {
    const sites = await db.site.findMany({
      where: { ...(query.siteId ? { id: query.siteId } : {}), ...(query.currency ? { currency: query.currency } : {}) },
      select: { id: true, name: true, currency: true },
      orderBy: { name: "asc" },
    });
    if (query.siteId && sites.length === 0) {
      const exists = await db.site.count({ where: { id: query.siteId } });
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
    return buildRoiReport(db, scope, query, currencies[0] ?? query.currency ?? null, sites);
  });
}

/**
 * GET /api/v1/reports/roi's work. Results are cached per tenant under its data version, which every
 * write bumps, so a cached report always reflects the current data.
 */
export async function getRoiReport(tenantId: string, input: Record<string, string | undefined>, options: RoiReportOptions = {}): Promise<RoiReport> {
  const query = parseRoiQuery(input);
  const redis = getRedis();
  const version = await readDataVersion(tenantId).catch(() => null);
  const key = version === null ? null : cacheKey(tenantId, version, query);
  if (key && !options.bypassCache) {
    const cached = await redis.get<RoiReport>(key).catch(() => null);
    if (cached) return cached;
  }
  const report = await computeReport(tenantId, query);
  if (key) await redis.set(key, report, { ex: REPORT_CACHE_TTL_SECONDS }).catch(() => undefined);
  return report;
}
