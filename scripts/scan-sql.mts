// npm run scan:sql — Debian's sqlmap against the running app's API on loopback. Every GET route of the
// attack table (tests/helpers/attack-table.ts, itself checked against the route files) with its query
// parameters or path id, and every JSON POST/PATCH body, is scanned as the owner of a freshly seeded
// workspace (one per endpoint, so the per-tenant API quota never answers for the app). Exits 1 on any
// injection sqlmap confirms, 2 when the scan could not run or was inconclusive, 0 when clean.
// Not part of npm test: a full scan takes minutes.
//
//   SCAN_BASE_URL=http://127.0.0.1:3100 SCAN_ROOT_DOMAIN=roispectrum.localhost:3100   reuse a server on the test database
//   SCAN_SKIP_BUILD=1        reuse .next when a build exists
//   SCAN_ONLY=sites          only endpoints whose key contains this text
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis as IORedis } from "ioredis";
import { DEFAULT_PRICES } from "../devtools/stripe-standin/default-prices.ts";
import { startStripeStandin } from "../devtools/stripe-standin/server.ts";
import { prepareTestServices } from "../tests/setup/prepare-test-services.ts";

const PORT = 3300;
const REDIS_URL = "redis://127.0.0.1:6379/5";
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const started = Date.now();

function fail(message: string): never {
  console.error(`scan:sql: ${message}`);
  process.exit(2);
}

// 1. sqlmap (Debian's package), installed on first use.
if (spawnSync("sqlmap", ["--version"], { stdio: "ignore" }).status !== 0) {
  console.log("scan:sql: installing sqlmap (apt-get install -y sqlmap)…");
  const install = spawnSync("apt-get", ["install", "-y", "sqlmap"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (install.status !== 0) fail("could not install sqlmap; run `apt-get install -y sqlmap` as root");
}
const sqlmapVersion = spawnSync("sqlmap", ["--version"], { encoding: "utf8" }).stdout.split("\n")[0]?.trim();

// 2. The app, on loopback only: a server of our own on the test database, or the one given.
const baseUrl = new URL(process.env.SCAN_BASE_URL ?? `http://127.0.0.1:${PORT}`);
if (!LOOPBACK.has(baseUrl.hostname)) fail(`refusing to scan ${baseUrl.host}: loopback only`);
const rootDomain = process.env.SCAN_ROOT_DOMAIN ?? `roispectrum.localhost:${baseUrl.port || "80"}`;

const redis = new IORedis(REDIS_URL);
await redis.flushdb();
redis.disconnect();
const services = await prepareTestServices(REDIS_URL);
process.env.APP_ROOT_DOMAIN = rootDomain;
const stripe = await startStripeStandin({ port: 0, secretKey: "sk_test_scanstandin", webhookSecret: "whsec_scanstandin", prices: DEFAULT_PRICES });
Object.assign(process.env, { STRIPE_API_BASE: stripe.url, STRIPE_SECRET_KEY: "sk_test_scanstandin", STRIPE_WEBHOOK_SECRET: "whsec_scanstandin" });

let server: ReturnType<typeof spawn> | undefined;
// Whatever happens below, the server this script started does not outlive it.
process.on("exit", () => server?.kill("SIGTERM"));
async function shutdown(): Promise<void> {
  server?.kill("SIGTERM");
  await services.close();
  await stripe.close();
}

function isUp(): Promise<boolean> {
  return new Promise((resolve) => {
    http.get({ host: baseUrl.hostname, port: baseUrl.port, path: "/api/v1/health", headers: { host: rootDomain } }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on("error", () => resolve(false));
  });
}

if (!process.env.SCAN_BASE_URL) {
  if (process.env.SCAN_SKIP_BUILD !== "1" || !existsSync(".next/BUILD_ID")) {
    const build = spawnSync("node_modules/.bin/next", ["build"], { stdio: ["ignore", "inherit", "inherit"], env: process.env });
    if (build.status !== 0) {
      await shutdown();
      fail("next build failed");
    }
  }
  server = spawn("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(PORT)], { stdio: "ignore", env: process.env });
}
for (let attempt = 0; !(await isUp()); attempt++) {
  if (attempt > 150) {
    await shutdown();
    fail(`no server answering at ${baseUrl.origin} (Host ${rootDomain})`);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}

// 3. The endpoints, from the attack table (whose completeness the attack matrix enforces).
const { seedAttackTenant } = await import("../tests/helpers/attack-fixtures.ts");
const { ATTACK_TABLE } = await import("../tests/helpers/attack-table.ts");

/** The request as the app sees it without sqlmap: its status tells whether a scan of it means anything. */
function probe(url: string, method: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(url, { method, headers, timeout: 30_000 }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", () => resolve(0));
    request.on("timeout", () => request.destroy());
    request.end(body);
  });
}

/**
 * sqlmap's combined output. Asynchronous on purpose: the Upstash bridge and the MongoDB stand-in the
 * server talks to live in this process, and a blocking spawn would starve them (every request times out).
 */
function runSqlmap(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn("sqlmap", args, { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

interface Target {
  key: string;
  run: (outputDir: string) => Promise<string[]>;
}

const targets: Target[] = [];
for (const [key, entry] of Object.entries(ATTACK_TABLE)) {
  const [method] = key.split(" ") as [string];
  if (process.env.SCAN_ONLY && !key.includes(process.env.SCAN_ONLY)) continue;
  targets.push({
    key,
    run: async (outputDir) => {
      const tenant = await seedAttackTenant("S", { stripeCustomer: "none" });
      const request = await entry.own(tenant);
      const host = `${tenant.tenant.subdomain}.${rootDomain}`;
      let url = `${baseUrl.origin}${request.path}`;
      const hasQuery = request.path.includes("?");
      // A path id becomes an injection point (URI marker) on reads; writes are scanned through their bodies.
      if (method === "GET" && request.params && !hasQuery) for (const id of Object.values(request.params)) url = url.replace(`/${id}`, `/${id}*`);
      const isBodied = (method === "POST" || method === "PATCH") && request.json !== undefined;
      if (!hasQuery && !isBodied && !url.includes("*")) return [];
      const cookie = `next-auth.session-token=${tenant.users.owner.session}`;
      const baseline = await probe(url.replace("*", ""), method, {
        host, origin: `http://${host}`, cookie, ...(isBodied ? { "content-type": "application/json" } : {}),
      }, isBodied ? JSON.stringify(request.json) : undefined);
      const args = [
        "-u", url, "--method", method, "--batch", "--level=3", "--risk=2", "--technique=BEUST", "--dbms=PostgreSQL",
        "--flush-session", `--output-dir=${outputDir}`, "--disable-coloring", "--timeout=10", "--retries=1", "--delay=0.012",
        "--headers", [`Host: ${host}`, `Origin: http://${host}`, ...(isBodied ? ["Content-Type: application/json"] : [])].join("\n"),
        "--cookie", cookie, "--skip=next-auth.session-token",
        ...(isBodied ? ["--data", JSON.stringify(request.json)] : []),
      ];
      const output = await runSqlmap(args);
      await writeFile(path.join(outputDir, "sqlmap-output.txt"), output);
      return [`baseline status: ${baseline}`, ...output.split("\n")];
    },
  });
}

// sqlmap's own words for a confirmed injection (its negatives say "does not seem to be injectable").
const FINDING = /identified the following injection point|\bis vulnerable\b|appears to be '.*' injectable|\bparameter '.*' is '.*' injectable/i;
const HEURISTIC = /might be injectable|might be vulnerable/i;
const HTTP_CODES = /HTTP error codes detected during run:\s*(.*)/i;

interface Summary {
  key: string;
  findings: string[];
  heuristics: string[];
  httpErrors: string;
  baseline: string;
  seconds: number;
  tested: number;
}

/** sqlmap's closing tally of HTTP errors: "422 (Unprocessable Entity) - 120 times, 404 (Not Found) - 3 times". */
function httpErrorsOf(lines: string[]): string {
  const at = lines.findIndex((line) => HTTP_CODES.test(line));
  if (at < 0) return "";
  const tally = [HTTP_CODES.exec(lines[at]!)?.[1] ?? ""];
  for (const line of lines.slice(at + 1)) {
    if (!/^\d{3} \(/.test(line.trim())) break;
    tally.push(line.trim());
  }
  return tally.filter(Boolean).join(", ");
}

async function sqlmapLogFindings(outputDir: string): Promise<string[]> {
  // sqlmap writes <output-dir>/<host>/log with every injection point it confirmed; empty when none.
  const found: string[] = [];
  for (const entry of await readdir(outputDir).catch(() => [])) {
    const log = path.join(outputDir, entry, "log");
    if (existsSync(log) && (await stat(log)).size > 0) found.push(`${log}: ${(await readFile(log, "utf8")).slice(0, 400)}`);
  }
  return found;
}

// A few sqlmap processes at once (each against its own workspace): most of a scan is waiting.
const CONCURRENCY = Number(process.env.SCAN_CONCURRENCY ?? 3);

async function scan(target: Target): Promise<Summary | null> {
  const outputDir = await mkdtemp(path.join(tmpdir(), "roi-sqlmap-"));
  const t0 = Date.now();
  const lines = await target.run(outputDir);
  if (lines.length === 0) return null;
  const summary: Summary = {
    key: target.key,
    findings: [...lines.filter((line) => FINDING.test(line) && !/not seem to be|do not appear/i.test(line)), ...(await sqlmapLogFindings(outputDir))],
    heuristics: lines.filter((line) => HEURISTIC.test(line)),
    httpErrors: httpErrorsOf(lines),
    baseline: lines[0]!.replace("baseline status: ", ""),
    seconds: Math.round((Date.now() - t0) / 1000),
    tested: lines.filter((line) => /testing '/.test(line)).length,
  };
  console.log(`${summary.findings.length ? "FOUND" : "clean"}  ${target.key.padEnd(42)} ${String(summary.seconds).padStart(4)} s  baseline ${summary.baseline}, ${summary.tested} tests  ${outputDir}${summary.httpErrors ? `  (HTTP errors: ${summary.httpErrors})` : ""}`);
  for (const line of [...summary.findings, ...summary.heuristics]) console.log(`         ${line.trim()}`);
  return summary;
}

const summaries: Summary[] = [];
try {
  const queue = [...targets];
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let target = queue.shift(); target; target = queue.shift()) {
      const summary = await scan(target);
      if (summary) summaries.push(summary);
    }
  }));
} finally {
  await shutdown();
}

const findings = summaries.filter((summary) => summary.findings.length);
const throttled = summaries.filter((summary) => /429/.test(summary.httpErrors));
const meaningless = summaries.filter((summary) => !/^2\d\d$|^409$/.test(summary.baseline));
const seconds = Math.round((Date.now() - started) / 1000);
console.log(`\nscan:sql (${sqlmapVersion}; --level=3 --risk=2 --technique=BEUST): ${summaries.length} endpoints, ${findings.length} with findings, ${seconds} s`);
if (findings.length) process.exit(1);
if (meaningless.length) fail(`inconclusive: the unmodified request failed for ${meaningless.map((s) => `${s.key} (${s.baseline})`).join(", ")}`);
if (throttled.length) fail(`inconclusive: the API quota answered 429 during ${throttled.map((s) => s.key).join(", ")}`);
if (summaries.length === 0) fail("nothing was scanned");
process.exit(0);
