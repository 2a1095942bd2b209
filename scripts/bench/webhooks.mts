// npm run bench:webhooks — signed Stripe events per second and ack latency of POST /api/v1/webhooks/stripe
// on a production build, side by side with a bare route (GET /api/v1/health) at the same concurrency.
// Not part of CI.
import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { Redis as IORedis } from "ioredis";
import { ensureLocalDatabase } from "../../lib/db/local-database.ts";
import { migrate } from "../../lib/db/migrate.ts";
import pg from "pg";
import { DEFAULT_PRICES } from "../../devtools/stripe-standin/default-prices.ts";
import { startStripeStandin } from "../../devtools/stripe-standin/server.ts";
import { startMongoStandin } from "../../devtools/mongo-standin/server.ts";
import { benchAggregator } from "./aggregator-phase.mts";
import { fmt, percentile, startBenchServer, timedRequest } from "./bench-server.mts";

const PORT = 3300;
const ROOT = `roispectrum.localhost:${PORT}`;
const REDIS_URL = "redis://127.0.0.1:6379/5";
const WEBHOOK_SECRET = "whsec_benchwebhooks";
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DB = "roispectrum_bench";
const CRON_SECRET = "bench-cron-secret-0123456789";
const AGGREGATOR_EVENTS = Number(process.env.BENCH_AGGREGATOR_EVENTS ?? 10_000);

function signedEvent(): { body: string; signature: string } {
  const id = `evt_bench_${randomBytes(8).toString("hex")}`;
  const body = JSON.stringify({
    id, object: "event", api_version: "2026-07-29.dahlia", created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1,
    request: { id: null, idempotency_key: null }, type: "customer.subscription.updated",
    data: { object: { id: `sub_${randomBytes(6).toString("hex")}`, object: "subscription", customer: `cus_${randomBytes(6).toString("hex")}`, status: "active" } },
  }, null, 2);
  return { body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET }) };
}

async function run(label: string, count: number, send: () => Promise<{ ms: number; status: number }>) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      next++;
      const result = await send();
      if (result.status >= 300) failures++;
      latencies.push(result.ms);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const rate = count / seconds;
  console.log(`  ${label.padEnd(16)} ${rate.toFixed(0).padStart(6)} req/s | p50 ${fmt(percentile(latencies, 50))} | p99 ${fmt(percentile(latencies, 99))} | non-2xx ${failures}`);
  return { rate, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

await ensureLocalDatabase({ adminUrl: process.env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres", database: DB, ownerRole: "roi_owner", appRole: "roi_app" });
await migrate(`postgresql://roi_owner@127.0.0.1:5432/${DB}`);
const redis = new IORedis(REDIS_URL);
await redis.flushdb();
// The aggregator's other services: audit events go to the MongoDB stand-in, re-reads to Stripe's.
const mongo = await startMongoStandin({ port: 0 });
const stripe = await startStripeStandin({ port: 0, secretKey: "sk_test_benchwebhooks", webhookSecret: WEBHOOK_SECRET, prices: DEFAULT_PRICES });
const admin = new pg.Client({ connectionString: `${process.env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres"}`.replace(/\/[^/]*$/, `/${DB}`) });
await admin.connect();
const server = await startBenchServer({
  CRON_SECRET, MONGODB_URI: `${mongo.uri}/roispectrum_bench`, STRIPE_API_BASE: stripe.url, STRIPE_SECRET_KEY: "sk_test_benchwebhooks",
  APP_ENV: "test", APP_ROOT_DOMAIN: ROOT, DATABASE_URL: `postgresql://roi_app@127.0.0.1:5432/${DB}`,
  DATABASE_OWNER_URL: `postgresql://roi_owner@127.0.0.1:5432/${DB}`, UPSTASH_REDIS_REST_TOKEN: "bench-upstash-token",
  NEXTAUTH_SECRET: "bench-nextauth-secret-0123456789abcdefghij", STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
}, PORT, REDIS_URL);
try {
  const webhook = () => {
    const event = signedEvent();
    return timedRequest(PORT, { host: ROOT, path: "/api/v1/webhooks/stripe", method: "POST", body: event.body, headers: { "content-type": "application/json", "stripe-signature": event.signature } });
  };
  const bare = () => timedRequest(PORT, { host: ROOT, path: "/api/v1/health" });
  await run("warm-up", 300, webhook);
  await run("warm-up bare", 300, bare);
  console.log(`bench:webhooks — ${EVENTS} signed events, ${CONCURRENCY} in flight`);
  const hooks = await run("webhook", EVENTS, webhook);
  const baseline = await run("bare route", EVENTS, bare);
  const keys = await redis.keys("*billing*");
  const lengths = await Promise.all(keys.filter((key) => !key.includes("seen")).map(async (key) => [key, await redis.xlen(key).catch(() => 0)] as const));
  console.log(`  stream entries: ${lengths.map(([key, length]) => `${key}=${length}`).join(", ") || "none found"}`);
  const aggregator = await benchAggregator({ admin, redis, port: PORT, host: ROOT, cronSecret: CRON_SECRET, events: AGGREGATOR_EVENTS });
  console.log(`  targets: ≥ 1,500 events/s [${hooks.rate >= 1500 ? "met" : "MISSED"}], ack p99 ≤ 50 ms [${hooks.p99 <= 50 ? "met" : "MISSED"}], ≥ 0.6× bare route [${(hooks.rate / baseline.rate).toFixed(2)}×, ${hooks.rate / baseline.rate >= 0.6 ? "met" : "MISSED"}], ${AGGREGATOR_EVENTS} applied in ≤ 10 s [${aggregator.seconds.toFixed(1)} s, ${aggregator.seconds <= 10 ? "met" : "MISSED"}]`);
} finally {
  redis.disconnect();
  await server.close();
  await admin.end();
  await mongo.close();
  await stripe.close();
}
