// Finds or starts PostgreSQL and Redis for local development. Used by scripts/dev.mts only.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, chownSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { Redis as IORedis } from "ioredis";

const DATA_DIR = path.resolve(".data");

async function canConnectPostgres(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function canPingRedis(url: string): Promise<boolean> {
  const redis = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 2_000 });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

function findPostgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, "bin")).find((bin) => existsSync(path.join(bin, "pg_ctl")));
}

/** Runs a PostgreSQL binary; as root it runs as the postgres user, which initdb requires. */
function runPg(bin: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  const command = isRoot ? "runuser" : bin;
  const result = spawnSync(command, isRoot ? ["-u", "postgres", "--", bin, ...args] : args, { stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${path.basename(bin)} failed`);
}

export interface PostgresUrls {
  adminUrl: string;
  replaceHostPort(url: string): string;
}

/** A PostgreSQL admin URL that answers: the configured server, or a private one under .data/. */
export async function ensurePostgres(adminUrl: string): Promise<PostgresUrls> {
  if (await canConnectPostgres(adminUrl)) return { adminUrl, replaceHostPort: (url) => url };
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error("PostgreSQL is not reachable and not installed: run `apt-get install postgresql`, or set DATABASE_URL, DATABASE_OWNER_URL and DATABASE_ADMIN_URL to a server you have.");
  }
  const port = 54329;
  const dataDir = path.join(DATA_DIR, "postgres");
  const socketDir = path.join(DATA_DIR, "postgres-socket");
  mkdirSync(socketDir, { recursive: true });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    mkdirSync(dataDir, { recursive: true });
    if (process.getuid?.() === 0) {
      const ids = spawnSync("id", ["-u", "postgres"]).stdout.toString().trim();
      const gid = spawnSync("id", ["-g", "postgres"]).stdout.toString().trim();
      chownSync(dataDir, Number(ids), Number(gid));
      chownSync(socketDir, Number(ids), Number(gid));
    }
    runPg(path.join(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  }
  console.log(`PostgreSQL was not running: starting a private instance on port ${port} (data in .data/postgres)`);
  runPg(path.join(bin, "pg_ctl"), ["-D", dataDir, "-l", path.join(dataDir, "server.log"), "-o", `-p ${port} -k ${socketDir} -h 127.0.0.1`, "-w", "start"]);
  const replaceHostPort = (url: string) => {
    const parsed = new URL(url);
    parsed.hostname = "127.0.0.1";
    parsed.port = String(port);
    return parsed.toString();
  };
  return { adminUrl: replaceHostPort(adminUrl), replaceHostPort };
}

/** A Redis URL that answers: the configured server, or a private redis-server child under .data/. */
export async function ensureRedis(redisUrl: string, children: ChildProcess[]): Promise<string> {
  if (await canPingRedis(redisUrl)) return redisUrl;
  const which = spawnSync("sh", ["-c", "command -v redis-server"]);
  if (which.status !== 0) {
    throw new Error("Redis is not reachable and not installed: run `apt-get install redis-server`, or set REDIS_URL (or UPSTASH_REDIS_REST_URL/TOKEN for Upstash).");
  }
  const port = 6380;
  const dir = path.join(DATA_DIR, "redis");
  mkdirSync(dir, { recursive: true });
  console.log(`Redis was not running: starting a private instance on port ${port}`);
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], {
    stdio: "ignore",
  });
  children.push(child);
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await canPingRedis(url)) return url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the private redis-server did not start");
}
