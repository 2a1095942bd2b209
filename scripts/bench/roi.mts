// npm run bench:roi — the ROI report endpoint against 1,000 tenants × 10 sites × 3 years of daily
// metrics (~11M rows), measured over HTTP on a production build (cold = cache bypassed, warm), side
// by side with the raw SQL the endpoint executes, and at 100 vs 1,000 tenants. Not part of CI.
import { createHash } from "node:crypto";
import pg from "pg";
import { Redis as IORedis } from "ioredis";
import { ensureLocalDatabase } from "../../lib/db/local-database.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { comparedRange } from "../../lib/reports/build-roi-report.ts";
import { roiDataStatement } from "../../lib/reports/load-roi-data.ts";
import { parseRoiQuery } from "../../lib/reports/roi-query.ts";
import { fmt, percentile, startBenchServer, timedRequest } from "./bench-server.mts";

const DB = "roispectrum_bench";
const ADMIN_SERVER = process.env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const ADMIN_DB = ADMIN_SERVER.replace(/\/[^/]*$/, `/${DB}`);
const APP_URL = `postgresql://roi_app@127.0.0.1:5432/${DB}`;
const OWNER_URL = `postgresql://roi_owner@127.0.0.1:5432/${DB}`;
const REDIS_URL = "redis://127.0.0.1:6379/4";
const PORT = 3200;
const ROOT = `roispectrum.localhost:${PORT}`;
const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const QUERY = { from: "2025-10-01", to: "2025-12-31", granularity: "week", compare: "previous_period" };
const QUERY_STRING = new URLSearchParams(QUERY).toString();

const tenantId = (i: number) => uuidFrom(`bench-tenant-${i}`);
const apiKey = (i: number) => `rs_${(md5(`bench-key-${i}`) + md5(`bench-key-b-${i}`)).slice(0, 43)}`;
function md5(text: string) { return createHash("md5").update(text).digest("hex"); }
function uuidFrom(text: string) { const h = md5(text); return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`; }

/** Tenants [first, last] with sites, services, costs, deliverables, metrics and an API key; idempotent. */
async function generate(admin: pg.Client, first: number, last: number): Promise<void> {
  const { rows } = await admin.query("SELECT count(*)::int AS n FROM tenants WHERE subdomain LIKE 'bench-%' AND substring(subdomain from 7)::int BETWEEN $1 AND $2", [first, last]);
  if (rows[0].n === last - first + 1) return console.log(`  tenants ${first}..${last} already generated`);
  const started = Date.now();
  for (let batchStart = first; batchStart <= last; batchStart += 50) {
    const batchEnd = Math.min(last, batchStart + 49);
    await admin.query("BEGIN");
    await admin.query(`
      INSERT INTO tenants (id, name, subdomain)
      SELECT md5('bench-tenant-' || i)::uuid, 'Bench Agency ' || i, 'bench-' || i FROM generate_series($1::int, $2::int) i
      ON CONFLICT DO NOTHING`, [batchStart, batchEnd]);
    await admin.query(`
      INSERT INTO api_keys (tenant_id, name, prefix, key_hash, role_mask)
      SELECT md5('bench-tenant-' || i)::uuid, 'bench', left(k, 10), encode(sha256(convert_to(k, 'UTF8')), 'hex'), 16
        FROM generate_series($1::int, $2::int) i,
             LATERAL (SELECT 'rs_' || left(md5('bench-key-' || i) || md5('bench-key-b-' || i), 43) AS k) key
      ON CONFLICT DO NOTHING`, [batchStart, batchEnd]);
    await admin.query(`
      INSERT INTO sites (id, tenant_id, name, domain, currency, timezone)
      SELECT md5('bench-site-' || i || '-' || j)::uuid, md5('bench-tenant-' || i)::uuid, 'Site ' || j, 'site' || j || '-' || i || '.example', 'USD', 'UTC'
        FROM generate_series($1::int, $2::int) i, generate_series(1, 10) j
      ON CONFLICT DO NOTHING`, [batchStart, batchEnd]);
    await admin.query(`
      INSERT INTO services (id, tenant_id, site_id, kind, name, start_date, end_date, monthly_fee)
      SELECT md5('bench-svc-' || s.id || k)::uuid, s.tenant_id, s.id, (ARRAY['technical','content','links'])[k], 'Service ' || k,
             date '2023-01-01' + (abs(hashtext(s.id::text || k)) % 500), CASE WHEN k = 3 THEN date '2025-06-30' END,
             100000 + abs(hashtext(s.id::text || 'fee' || k)) % 400000
        FROM sites s, generate_series(1, 3) k
       WHERE s.tenant_id IN (SELECT md5('bench-tenant-' || i)::uuid FROM generate_series($1::int, $2::int) i)
      ON CONFLICT DO NOTHING`, [batchStart, batchEnd]);
    await admin.query(`
      INSERT INTO cost_lines (tenant_id, site_id, date, amount, note)
      SELECT s.tenant_id, s.id, date '2023-01-15' + (m * 30), 5000 + abs(hashtext(s.id::text || m)) % 100000, 'tools'
        FROM sites s, generate_series(0, 35) m
       WHERE s.tenant_id IN (SELECT md5('bench-tenant-' || i)::uuid FROM generate_series($1::int, $2::int) i)`, [batchStart, batchEnd]);
    await admin.query(`
      INSERT INTO deliverables (tenant_id, site_id, service_id, date, title)
      SELECT sv.tenant_id, sv.site_id, sv.id, sv.start_date + (n * 45), 'Deliverable ' || n
        FROM services sv, generate_series(0, 5) n
       WHERE sv.tenant_id IN (SELECT md5('bench-tenant-' || i)::uuid FROM generate_series($1::int, $2::int) i)`, [batchStart, batchEnd]);
    await admin.query(`
      INSERT INTO metrics_daily (tenant_id, site_id, date, channel, sessions, conversions, revenue, clicks, impressions)
      SELECT s.tenant_id, s.id, d::date, 'organic', h % 2000, h % 40, h % 500000, h % 1500, h % 60000
        FROM sites s
        CROSS JOIN generate_series(date '2023-01-01', date '2025-12-31', interval '1 day') d
        CROSS JOIN LATERAL (SELECT abs(hashtext(s.id::text || d::text)) AS h) x
       WHERE s.tenant_id IN (SELECT md5('bench-tenant-' || i)::uuid FROM generate_series($1::int, $2::int) i)
      ON CONFLICT DO NOTHING`, [batchStart, batchEnd]);
    await admin.query("COMMIT");
    process.stdout.write(`\r  generated tenants ${first}..${batchEnd} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  process.stdout.write("\n");
}

/** Index-only scans need an up-to-date visibility map, which freshly bulk-loaded tables lack. */
async function vacuum(admin: pg.Client): Promise<void> {
  await admin.query("VACUUM ANALYZE metrics_daily, services, cost_lines, deliverables, sites, api_keys");
}

/**
 * The statements a cold request runs for QUERY, as the app role and the way the endpoint sends them:
 * the workspace and API key in one statement (the path of a host the server has not cached, which
 * every request of the 1,000-tenant pass is), then the report's read-only transaction with BEGIN and
 * the report pipelined. The clock stops at the report's rows: the endpoint does not wait for COMMIT.
 */
async function rawSqlOnce(app: pg.Client, i: number): Promise<number> {
  const tenant = tenantId(i);
  const query = parseRoiQuery(QUERY);
  const { sql, params } = roiDataStatement({ tenantId: tenant }, { ...query, compared: comparedRange(query) });
  const started = process.hrtime.bigint();
  const keyHash = createHash("sha256").update(apiKey(i)).digest("hex");
  await app.query("SELECT * FROM app_authenticate_api_key($1, $2)", [`bench-${i}`, keyHash]);
  await Promise.all([app.query(`BEGIN READ ONLY; SELECT set_config('app.tenant_id', '${tenant}', true)`), app.query(sql, params)]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await app.query("COMMIT");
  return ms;
}

/**
 * The same requests in runs of one kind, back to back (no SQL or other requests in between), over
 * tenants whose caches the interleaved pass has filled in Redis. Informational: it shows how much of
 * the interleaved figures is the server waking from idle gaps rather than work.
 */
async function measureBackToBack(tenantCount: number, app: pg.Client, port: number) {
  const pick = (n: number) => 1 + (((n + 100) * 7919) % tenantCount);
  const request = (i: number, cold: boolean) =>
    timedRequest(port, {
      host: `bench-${i}.${ROOT}`,
      path: `/api/v1/reports/roi?${QUERY_STRING}`,
      headers: { authorization: `Bearer ${apiKey(i)}`, ...(cold ? { "cache-control": "no-cache" } : {}) },
    });
  const runs = { cold: [] as number[], warm: [] as number[], raw: [] as number[], bare: [] as number[] };
  for (let n = 0; n < SAMPLES; n++) runs.cold.push((await request(pick(n), true)).ms);
  for (let n = 0; n < SAMPLES; n++) runs.warm.push((await request(pick(n), false)).ms);
  for (let n = 0; n < SAMPLES; n++) runs.raw.push(await rawSqlOnce(app, pick(n)));
  for (let n = 0; n < SAMPLES; n++) runs.bare.push((await timedRequest(port, { host: `bench-${pick(n)}.${ROOT}`, path: "/api/v1/health" })).ms);
  const [cold50, warm50, raw50, bare50] = [runs.cold, runs.warm, runs.raw, runs.bare].map((values) => percentile(values, 50)) as [number, number, number, number];
  console.log(`  back to back   cold p50 ${fmt(cold50)} | warm p50 ${fmt(warm50)} | raw SQL p50 ${fmt(raw50)} | cold/raw ${(cold50 / raw50).toFixed(2)}× | bare route p50 ${fmt(bare50)}`);
}

async function measure(label: string, tenantCount: number, app: pg.Client, port: number) {
  const pick = (n: number) => 1 + ((n * 7919) % tenantCount); // deterministic spread over all tenants
  const request = (i: number, cold: boolean) =>
    timedRequest(port, {
      host: `bench-${i}.${ROOT}`,
      path: `/api/v1/reports/roi?${QUERY_STRING}`,
      headers: { authorization: `Bearer ${apiKey(i)}`, ...(cold ? { "cache-control": "no-cache" } : {}) },
    });
  // JIT and pool warm-up (with 30 requests, the first pass still ran ~20 % slow), on tenants the
  // 1,000-tenant pass does not measure (pick(100 .. 100 + SAMPLES - 1)), so their caches stay cold.
  // In the 100-tenant pass every tenant comes round again within seconds, so many of its cold requests
  // find the tenant and key cached in process and skip the key statement that raw SQL still runs.
  for (let n = 0; n < 200; n++) await request(pick(n + 100 + SAMPLES), n % 2 === 0);
  const cold: number[] = [];
  const warm: number[] = [];
  const raw: number[] = [];
  const bare: number[] = [];
  for (let n = 0; n < SAMPLES; n++) {
    const i = pick(n + 100);
    // The tenant's pages go into PostgreSQL's buffers first, so the endpoint and its raw SQL meet the
    // same buffer state (otherwise whichever runs first pays the disk reads for both).
    await rawSqlOnce(app, i);
    const response = await request(i, true);
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${response.body}`);
    cold.push(response.ms);
    await request(i, false); // a cache-bypassing request stores nothing: this one computes and stores
    warm.push((await request(i, false)).ms);
    raw.push(await rawSqlOnce(app, i));
    // The framework's floor: the same host and middleware, a handler that touches nothing.
    bare.push((await timedRequest(port, { host: `bench-${i}.${ROOT}`, path: "/api/v1/health" })).ms);
  }
  const row = { cold50: percentile(cold, 50), cold99: percentile(cold, 99), warm50: percentile(warm, 50), warm99: percentile(warm, 99), raw50: percentile(raw, 50), bare50: percentile(bare, 50) };
  console.log(`  ${label.padEnd(14)} cold p50 ${fmt(row.cold50)}  p99 ${fmt(row.cold99)} | warm p50 ${fmt(row.warm50)}  p99 ${fmt(row.warm99)} | raw SQL p50 ${fmt(row.raw50)} | cold/raw ${(row.cold50 / row.raw50).toFixed(2)}× | bare route p50 ${fmt(row.bare50)}`);
  return row;
}

await ensureLocalDatabase({ adminUrl: ADMIN_SERVER, database: DB, ownerRole: "roi_owner", appRole: "roi_app" });
await migrate(OWNER_URL);
const redis = new IORedis(REDIS_URL);
await redis.flushdb();
redis.disconnect();
const admin = new pg.Client({ connectionString: ADMIN_DB });
await admin.connect();
const app = new pg.Client({ connectionString: APP_URL, pipeline: true });
await app.connect();

console.log(`bench:roi — ${SAMPLES} samples per figure, query ${QUERY_STRING}`);
await generate(admin, 1, Math.min(100, TENANTS));
if (process.env.BENCH_GENERATE_ONLY === "1") {
  await generate(admin, 101, TENANTS);
  await vacuum(admin);
  console.log("generated; measure with: npm run bench:roi");
  process.exit(0);
}
await vacuum(admin);
const env = {
  APP_ENV: "test", APP_ROOT_DOMAIN: ROOT, DATABASE_URL: APP_URL, DATABASE_OWNER_URL: OWNER_URL,
  UPSTASH_REDIS_REST_TOKEN: "bench-upstash-token", NEXTAUTH_SECRET: "bench-nextauth-secret-0123456789abcdefghij",
};
const server = await startBenchServer(env, PORT, REDIS_URL);
try {
  const at100 = await measure("100 tenants", Math.min(100, TENANTS), app, server.port);
  let at1000 = at100;
  if (TENANTS > 100) {
    await generate(admin, 101, TENANTS);
    await vacuum(admin);
    at1000 = await measure(`${TENANTS} tenants`, TENANTS, app, server.port);
  }
  await measureBackToBack(TENANTS, app, server.port);
  const { rows } = await admin.query("SELECT count(*)::bigint AS n FROM metrics_daily");
  console.log(`\n  metrics_daily rows: ${rows[0].n}`);
  console.log(`  targets: cold p50 ≤ 15 ms [${at1000.cold50 <= 15 ? "met" : "MISSED"}], cold ≤ 2× raw SQL [${at1000.cold50 / at1000.raw50 <= 2 ? "met" : "MISSED"}], warm p50 ≤ 3 ms [${at1000.warm50 <= 3 ? "met" : "MISSED"}], flat 100→${TENANTS}: ${(at1000.cold50 / at100.cold50).toFixed(2)}×`);
  await app.query("BEGIN");
  await app.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId(Math.ceil(TENANTS / 2))]);
  const plan = await app.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT date_trunc('week', date)::date, sum(sessions)::bigint, sum(revenue)::bigint
    FROM metrics_daily WHERE tenant_id = $1 AND date BETWEEN '2025-10-01' AND '2025-12-31' GROUP BY 1`, [tenantId(Math.ceil(TENANTS / 2))]);
  await app.query("COMMIT");
  console.log(`\n  EXPLAIN of the metrics query:\n${plan.rows.map((r) => `    ${r["QUERY PLAN"]}`).join("\n")}`);
} finally {
  await server.close();
  await admin.end();
  await app.end();
}
