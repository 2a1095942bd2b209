// npm run bench:quota — does one tenant's flood slow the others? On a production build, tenant B (Pro)
// calls GET /api/v1/me at a steady rate and its latency is measured (a) alone, (b) while tenant A (Free,
// 60 requests/minute) floods the same route from many connections and is answered mostly 429, and (c),
// for reference, while the same number of connections flood the bare GET /api/v1/health (no tenant, no
// auth, no quota: the cheapest answer the server has). Reported as ratios against (a). Not part of CI.
import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { Redis as IORedis } from "ioredis";
import { ensureLocalDatabase } from "../../lib/db/local-database.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { fmt, percentile, startBenchServer, timedRequest } from "./bench-server.mts";

const DB = "roispectrum_bench_quota";
const ADMIN_SERVER = process.env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = "redis://127.0.0.1:6379/6";
const PORT = 3400;
const ROOT = `roispectrum.localhost:${PORT}`;
const RATE = Number(process.env.BENCH_RATE ?? 10); // tenant B's requests per second (Pro allows 20/s)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const FLOOD_CONNECTIONS = Number(process.env.BENCH_FLOOD_CONNECTIONS ?? 32);

const md5 = (text: string) => createHash("md5").update(text).digest("hex");
const uuidFrom = (text: string) => { const h = md5(text); return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`; };
const TENANTS = {
  a: { id: uuidFrom("quota-bench-a"), subdomain: "quota-bench-a", key: `rs_${md5("quota-bench-key-a")}xxxxxxxxxxx`, plan: null },
  b: { id: uuidFrom("quota-bench-b"), subdomain: "quota-bench-b", key: `rs_${md5("quota-bench-key-b")}xxxxxxxxxxx`, plan: "pro" },
} as const;
type TenantName = keyof typeof TENANTS;

/** Two tenants with a viewer API key each; B has an active Pro subscription. Idempotent. */
async function seed(admin: pg.Client): Promise<void> {
  for (const tenant of Object.values(TENANTS)) {
    await admin.query("INSERT INTO tenants (id, name, subdomain) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [tenant.id, tenant.subdomain, tenant.subdomain]);
    await admin.query(
      `INSERT INTO api_keys (tenant_id, name, prefix, key_hash, role_mask) VALUES ($1, 'bench', left($2, 10), encode(sha256(convert_to($2, 'UTF8')), 'hex'), 16)
       ON CONFLICT DO NOTHING`,
      [tenant.id, tenant.key],
    );
    if (tenant.plan) {
      await admin.query(
        `INSERT INTO subscriptions (tenant_id, stripe_sub_id, status, plan_tier, expires_at) VALUES ($1, 'sub_quota_bench', 'active', $2, now() + interval '1 year')
         ON CONFLICT DO NOTHING`,
        [tenant.id, tenant.plan],
      );
    }
  }
}

function me(name: TenantName) {
  const tenant = TENANTS[name];
  return timedRequest(PORT, { host: `${tenant.subdomain}.${ROOT}`, path: "/api/v1/me", headers: { authorization: `Bearer ${tenant.key}` } });
}

const health = () => timedRequest(PORT, { host: ROOT, path: "/api/v1/health" });

/** B's requests at a steady rate, each sent on schedule whatever the previous one is doing (open loop). */
async function steady(): Promise<{ p50: number; p99: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const count = RATE * SECONDS;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(me("b").then((result) => {
      latencies.push(result.ms);
      if (result.status !== 200) errors++;
    }));
  }
  await Promise.all(inFlight);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

// The flooding clients run on a thread of their own: this thread also hosts the Upstash bridge (the
// stand-in for a separate Redis service), which a saturated load generator would otherwise slow down.
const FLOOD_WORKER = `
const http = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const { port, host, path, headers, connections } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const statuses = {};
let stopped = false;
const send = () => new Promise((resolve) => {
  const request = http.get({ agent, port, host: "127.0.0.1", path, headers: { host, ...headers } }, (response) => {
    response.resume();
    response.on("end", () => resolve(response.statusCode));
  });
  request.on("error", () => resolve(0));
});
const started = performance.now();
const workers = Array.from({ length: connections }, async () => {
  while (!stopped) {
    const status = await send();
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
});
parentPort.on("message", async () => {
  stopped = true;
  await Promise.all(workers);
  parentPort.postMessage({ statuses, seconds: (performance.now() - started) / 1000 });
});
`;

/** `connections` closed-loop clients sending one request over and over until stopped; counts answers by status. */
function flood(connections: number, target: { host: string; path: string; headers?: Record<string, string> }) {
  const worker = new Worker(FLOOD_WORKER, { eval: true, workerData: { port: PORT, connections, headers: {}, ...target } });
  return {
    async stop() {
      const done = new Promise<{ statuses: Record<string, number>; seconds: number }>((resolve) => worker.once("message", resolve));
      worker.postMessage("stop");
      const { statuses, seconds } = await done;
      await worker.terminate();
      const counts = new Map(Object.entries(statuses).map(([status, n]) => [Number(status), n]));
      const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
      return { statuses: counts, total, rate: total / seconds };
    },
  };
}

const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;

await ensureLocalDatabase({ adminUrl: ADMIN_SERVER, database: DB, ownerRole: "roi_owner", appRole: "roi_app" });
await migrate(`postgresql://roi_owner@127.0.0.1:5432/${DB}`);
const admin = new pg.Client({ connectionString: ADMIN_SERVER.replace(/\/[^/]*$/, `/${DB}`) });
await admin.connect();
await seed(admin);
const redis = new IORedis(REDIS_URL);
await redis.flushdb();
const server = await startBenchServer({
  APP_ENV: "test", APP_ROOT_DOMAIN: ROOT, DATABASE_URL: `postgresql://roi_app@127.0.0.1:5432/${DB}`,
  DATABASE_OWNER_URL: `postgresql://roi_owner@127.0.0.1:5432/${DB}`, UPSTASH_REDIS_REST_TOKEN: "bench-upstash-token",
  NEXTAUTH_SECRET: "bench-nextauth-secret-0123456789abcdefghij", CRON_SECRET: "bench-cron-secret-0123456789",
  STRIPE_SECRET_KEY: "sk_test_benchquota", STRIPE_WEBHOOK_SECRET: "whsec_benchquota",
}, PORT, REDIS_URL);
try {
  // Warm-up: compile both routes, fill the tenant and API-key caches.
  for (let i = 0; i < 30; i++) await Promise.all([me("b"), health()]);
  const warmA = await me("a");
  if (warmA.status !== 200) throw new Error(`tenant A answered ${warmA.status}: ${warmA.body}`);

  console.log(`bench:quota — tenant B (Pro) at ${RATE} req/s for ${SECONDS} s per phase; floods from ${FLOOD_CONNECTIONS} connections`);
  const alone = await steady();
  console.log(`  (a) B alone                      p50 ${fmt(alone.p50)} | p99 ${fmt(alone.p99)} | non-200 ${alone.errors}`);

  const attack = flood(FLOOD_CONNECTIONS, { host: `${TENANTS.a.subdomain}.${ROOT}`, path: "/api/v1/me", headers: { authorization: `Bearer ${TENANTS.a.key}` } });
  const flooded = await steady();
  const a = await attack.stop();
  console.log(`  (b) B while A (Free) floods       p50 ${fmt(flooded.p50)} | p99 ${fmt(flooded.p99)} | non-200 ${flooded.errors} | p50 ${ratio(flooded.p50, alone.p50)}, p99 ${ratio(flooded.p99, alone.p99)} of (a)`);
  const refused = a.statuses.get(429) ?? 0;
  console.log(`      A: ${a.total} requests at ${a.rate.toFixed(0)} req/s — 429 ${refused} (${((100 * refused) / a.total).toFixed(1)} %, ${(refused / SECONDS).toFixed(0)}/s), 200 ${a.statuses.get(200) ?? 0}, other ${a.total - refused - (a.statuses.get(200) ?? 0)}`);

  const bare = flood(FLOOD_CONNECTIONS, { host: ROOT, path: "/api/v1/health" });
  const reference = await steady();
  const h = await bare.stop();
  console.log(`  (c) B while the bare route floods p50 ${fmt(reference.p50)} | p99 ${fmt(reference.p99)} | non-200 ${reference.errors} | p50 ${ratio(reference.p50, alone.p50)}, p99 ${ratio(reference.p99, alone.p99)} of (a)`);
  console.log(`      bare flood: ${h.total} requests at ${h.rate.toFixed(0)} req/s`);
  console.log(`  B never refused while A was: ${flooded.errors === 0 ? "yes" : "NO"}; A's refusals served at ${(a.rate / h.rate).toFixed(2)}× the bare route's rate`);
} finally {
  redis.disconnect();
  await server.close();
  await admin.end();
}
