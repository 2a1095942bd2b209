// npm run dev — one command: PostgreSQL and Redis (started privately if installed but stopped), roles,
// database, migrations, the demo workspace, the local Upstash bridge, then `next dev`.
import { spawn, type ChildProcess } from "node:child_process";
import { getConfig } from "@/lib/config";
import { describeDatabaseUrl, ensureLocalDatabase } from "@/lib/db/local-database";
import { migrate } from "@/lib/db/migrate";
import { disconnectPrisma } from "@/lib/db";
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

  const root = initial.APP_ROOT_DOMAIN;
  const port = root.split(":")[1] ?? "3000";
  const next = spawn("node_modules/.bin/next", ["dev", "-p", port], { stdio: "inherit", env: process.env });
  children.push(next);
  next.on("exit", (code) => { stopAll(); void bridge.close(); process.exit(code ?? 0); });
  console.log(`
  ROI Spectrum is starting:
    marketing site   http://${root}
    demo workspace   http://${DEMO.subdomain}.${root}/signin   (${DEMO.email} / ${DEMO.password})
    upstash bridge   ${bridge.url}
`);
} catch (error) {
  console.error(`npm run dev: ${(error as Error).message}`);
  stopAll();
  process.exit(1);
}
