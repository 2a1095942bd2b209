// npm run dev — one command: PostgreSQL and Redis (started privately if installed but stopped), roles,
// database, migrations, the demo workspace, the local Upstash bridge, then `next dev`.
import { spawn, type ChildProcess } from "node:child_process";
import { getConfig } from "@/lib/config";
import { describeDatabaseUrl, ensureLocalDatabase } from "@/lib/db/local-database";
import { migrate } from "@/lib/db/migrate";
import { disconnectPrisma } from "@/lib/db";
import { startMongoStandin } from "../devtools/mongo-standin/server.ts";
import { DEFAULT_PRICES } from "../devtools/stripe-standin/default-prices.ts";
import { startStripeStandin } from "../devtools/stripe-standin/server.ts";
import { startUpstashBridge } from "../devtools/upstash-bridge/server.ts";
import { ensurePostgres, ensureRedis } from "./local-services.mts";
import { DEMO, seedDemo } from "./db-seed.mts";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const children: ChildProcess[] = [];
const stopAll = () => {
  for (const child of children) child.kill("SIGTERM");
};
process.on("SIGINT", () => { stopAll(); process.exit(130); });
process.on("SIGTERM", () => { stopAll(); process.exit(143); });

try {
  const postgres = await ensurePostgres(process.env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  const initial = getConfig();
  process.env.DATABASE_URL = postgres.replaceHostPort(initial.DATABASE_URL);
  process.env.DATABASE_OWNER_URL = postgres.replaceHostPort(initial.DATABASE_OWNER_URL);

  const redisUrl = await ensureRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", children);
  const bridgePort = Number(new URL(initial.UPSTASH_REDIS_REST_URL).port || 8079);
  const bridge = await startUpstashBridge({ port: bridgePort, redisUrl, token: initial.UPSTASH_REDIS_REST_TOKEN });
  process.env.UPSTASH_REDIS_REST_URL = bridge.url;

  // Local stand-ins for MongoDB and Stripe, unless the environment points at real ones.
  const root = initial.APP_ROOT_DOMAIN;
  let mongoLine = `audit MongoDB    ${initial.MONGODB_URI}`;
  if (!process.env.MONGODB_URI) {
    const mongo = await startMongoStandin({ port: Number(new URL(initial.MONGODB_URI).port || 27018), snapshotPath: ".data/mongo-standin.json" });
    mongoLine = `mongo stand-in   ${mongo.uri} (data in .data/mongo-standin.json)`;
  }
  let stripeLine = `Stripe           ${process.env.STRIPE_API_BASE ?? "api.stripe.com"}`;
  if (!process.env.STRIPE_SECRET_KEY) {
    const stripe = await startStripeStandin({
      port: 12111, secretKey: initial.STRIPE_SECRET_KEY, webhookSecret: initial.STRIPE_WEBHOOK_SECRET,
      webhookUrl: `http://${root}/api/v1/webhooks/stripe`, prices: DEFAULT_PRICES,
    });
    process.env.STRIPE_API_BASE = stripe.url;
    stripeLine = `stripe stand-in  ${stripe.url} (checkout and portal pages; webhooks to the app)`;
  }

  const app = describeDatabaseUrl(process.env.DATABASE_URL);
  await ensureLocalDatabase({
    adminUrl: postgres.adminUrl,
    database: app.database,
    ownerRole: describeDatabaseUrl(process.env.DATABASE_OWNER_URL).user,
    appRole: app.user,
  });
  const migrated = await migrate(process.env.DATABASE_OWNER_URL);
  console.log(`database ${app.database}: ${migrated.applied.length} migration(s) applied`);
  console.log(await seedDemo());
  await disconnectPrisma();

  const port = root.split(":")[1] ?? "3000";
  const next = spawn("node_modules/.bin/next", ["dev", "-p", port], { stdio: "inherit", env: process.env });
  children.push(next);
  next.on("exit", (code) => { stopAll(); void bridge.close(); process.exit(code ?? 0); });
  console.log(`
  ROI Spectrum is starting:
    marketing site   http://${root}
    demo workspace   http://${DEMO.subdomain}.${root}/signin   (${DEMO.email} / ${DEMO.password})
    mail outbox      ${process.env.SMTP_URL ? "SMTP_URL is set: mail goes over SMTP" : `http://${root}/dev/outbox   (invitation emails)`}
    upstash bridge   ${bridge.url}
    ${mongoLine}
    ${stripeLine}
`);
} catch (error) {
  console.error(`npm run dev: ${(error as Error).message}`);
  stopAll();
  process.exit(1);
}
