// npm run bench:audit — the audit log at 1M chained events for one tenant among many: latency of the
// app's write path (recordAuditEvent, as every audited action calls it) and of the list the
// GET /api/v1/audit-logs handler returns (listAuditEvents: first page, deep keyset pages, filtered by
// action and by actor), side by side with a bare insertOne and a bare find/sort/limit through the same
// driver. The MongoDB stand-in runs as its own process, as mongod would; MONGODB_BENCH_URI points the
// benchmark at a real MongoDB instead. Not part of CI.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { MongoClient } from "mongodb";
import { randomUUID } from "node:crypto";
import type { AuditEventDocument, ChainHeadDocument, UnchainedAuditEvent } from "../../lib/audit/audit-event.ts";
import { AUDIT_CHAIN_HEADS_COLLECTION, AUDIT_EVENTS_COLLECTION, GENESIS_HASH } from "../../lib/audit/audit-event.ts";
import { chainAuditEvent } from "../../lib/audit/append-audit-event.ts";
import { auditCollections } from "../../lib/audit/audit-collections.ts";
import { buildAuditEvent } from "../../lib/audit/build-audit-event.ts";
import type { AuditPageQuery } from "../../lib/audit/audit-query.ts";
import { closeAuditClient, getAuditDb } from "../../lib/audit/client.ts";
import { listAuditEvents } from "../../lib/audit/list-audit-events.ts";
import { recordAuditEvent } from "../../lib/audit/record-audit-event.ts";
import { verifyAuditChain } from "../../lib/audit/verify-audit-chain.ts";
import { fmt, percentile } from "./bench-server.mts";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const OTHER_TENANTS = Number(process.env.BENCH_OTHER_TENANTS ?? 200);
const OTHER_EVENTS = Number(process.env.BENCH_OTHER_EVENTS ?? 5_000);
const WRITES = Number(process.env.BENCH_WRITES ?? 2_000);
const PAGES = Number(process.env.BENCH_PAGES ?? 1_000);
const BATCH = 5_000;
const PLAN_TIER = "agency"; // 730 days of retention: nothing generated expires during the run
const HISTORY_MS = 360 * 24 * 3600 * 1000;
const DATABASE = `roispectrum_bench_audit_${process.pid}`;
const TENANT = "00000000-0000-4000-8000-00000000b001";
const BARE_TENANT = "00000000-0000-4000-8000-00000000b0ff";
const otherTenant = (i: number) => `00000000-0000-4000-8001-${String(i).padStart(12, "0")}`;

// A realistic spread: a few actions dominate, most are rare; a few users do most of the work.
const ACTIONS = [
  ...Array<string>(30).fill("metrics.imported"), ...Array<string>(20).fill("site.updated"), ...Array<string>(10).fill("service.updated"),
  ...Array<string>(5).fill("auth.signed_in"), "site.created", "site.deleted", "service.created", "member.invited", "member.role_changed",
  "api_key.created", "api_key.revoked", "billing.subscription_updated", "billing.invoice_paid", "settings.updated",
];
const ACTORS = Array.from({ length: 40 }, (_, i) => `user-${i}`);
const FILTER_ACTION = "site.created"; // ~1.3% of events
const FILTER_ACTOR = "user-7"; // actors are skewed: see actorFor

const actionFor = (i: number) => ACTIONS[(i * 7919) % ACTIONS.length]!;
const actorFor = (i: number) => ACTORS[Math.floor(((i * 104_729) % 1000) ** 2 / 1000 / 25)]!;

function eventInput(tenantId: string, i: number, occurredAt: Date) {
  const actorId = actorFor(i);
  return {
    tenantId, planTier: PLAN_TIER, action: actionFor(i), occurredAt,
    actor: { type: "user" as const, id: actorId, label: `${actorId}@agency.example` },
    targets: [{ type: "site", id: `site-${i % 25}` }],
    context: { ip: `10.0.${i % 256}.${(i >> 8) % 256}`, userAgent: "Mozilla/5.0 (X11; Linux x86_64) bench", requestId: randomUUID() },
    changes: i % 3 === 0 ? { name: `Site ${i % 25}`, monthlyFee: 1000 + (i % 50) } : undefined,
  };
}

interface StartedStore {
  uri: string;
  memoryMb(): number | undefined;
  close(): Promise<void>;
}

/** The stand-in in a child process (its own heap and event loop, like mongod), or MONGODB_BENCH_URI. */
async function startStore(): Promise<StartedStore> {
  const external = process.env.MONGODB_BENCH_URI;
  if (external) return { uri: external, memoryMb: () => undefined, close: async () => undefined };
  const child: ChildProcess = spawn(
    process.execPath,
    ["--max-old-space-size=16384", "--max-semi-space-size=64", ...(process.env.BENCH_STANDIN_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx", "devtools/mongo-standin/cli.mts"],
    { env: { ...process.env, MONGO_STANDIN_PORT: "0", MONGO_STANDIN_SNAPSHOT: "" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  const uri = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (mongodb:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`mongo stand-in exited with ${code}`)));
  });
  return {
    uri,
    memoryMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    close: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A tenant's chain of `count` events spread over the history, built and hashed by lib/audit. */
function* chain(tenantId: string, count: number, start: number): Generator<AuditEventDocument> {
  let head = { seq: 0, hash: GENESIS_HASH, expireAt: null as Date | null };
  const step = HISTORY_MS / count;
  for (let i = 0; i < count; i++) {
    const event: UnchainedAuditEvent = buildAuditEvent(eventInput(tenantId, i, new Date(start + Math.floor(i * step))));
    const document = chainAuditEvent(event, head);
    head = { seq: document.seq, hash: document.hash, expireAt: document.expireAt };
    yield document;
  }
}

const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();

/**
 * Bulk loading goes through its own client: the app's (lib/audit/client.ts) gives up on a server that
 * does not answer its heartbeat within 2 s, and the stand-in, one Node.js process, answers nothing
 * while it indexes a 5,000-document insertMany during a garbage collection. Measurements use the app's.
 */
async function generate(): Promise<{ seconds: number; sample: AuditEventDocument[] }> {
  await auditCollections(); // the app creates its indexes
  const loader = new MongoClient(process.env.MONGODB_URI!, { connectTimeoutMS: 120_000, socketTimeoutMS: 0, serverSelectionTimeoutMS: 120_000 });
  const events = loader.db().collection<AuditEventDocument>(AUDIT_EVENTS_COLLECTION);
  const heads = loader.db().collection<ChainHeadDocument>(AUDIT_CHAIN_HEADS_COLLECTION);
  const started = performance.now();
  const start = Date.now() - HISTORY_MS - 60_000;
  const sample: AuditEventDocument[] = [];
  const others = Array.from({ length: OTHER_TENANTS }, (_, i) => chain(otherTenant(i), OTHER_EVENTS, start));
  const othersPerBatch = Math.ceil((OTHER_TENANTS * OTHER_EVENTS) / Math.max(1, Math.ceil(EVENTS / BATCH)));
  let other = 0;
  let last: AuditEventDocument | undefined;
  let inserted = 0;
  const flush = async (batch: AuditEventDocument[]) => {
    if (batch.length === 0) return;
    const sent = performance.now();
    await events.insertMany(batch, { ordered: false });
    inserted += batch.length;
    process.stdout.write(`\r  inserted ${inserted.toLocaleString("en")} events (${((performance.now() - started) / 1000).toFixed(0)} s) insertMany ${(performance.now() - sent).toFixed(0)} ms, loop lag max ${(lag.max / 1e6).toFixed(0)} ms   `);
    if (process.env.BENCH_TRACE === "1") process.stdout.write("\n");
    lag.reset();
  };
  const mine = chain(TENANT, EVENTS, start);
  for (let done = false; !done; ) {
    // Batches alternate between the big tenant and the others, as traffic would interleave them.
    const batch: AuditEventDocument[] = [];
    for (let n = 0; n < BATCH; n++) {
      const next = mine.next();
      if (next.done) { done = true; break; }
      last = next.value;
      if (next.value.seq % 997 === 0) sample.push(next.value);
      batch.push(next.value);
    }
    await flush(batch);
    const otherBatch: AuditEventDocument[] = [];
    while (otherBatch.length < othersPerBatch && other < OTHER_TENANTS) {
      const next = others[other]!.next();
      if (next.done) other += 1;
      else otherBatch.push(next.value);
    }
    await flush(otherBatch);
  }
  while (other < OTHER_TENANTS) {
    const rest: AuditEventDocument[] = [];
    for (let next = others[other]!.next(); !next.done && rest.length < BATCH; next = others[other]!.next()) rest.push(next.value);
    if (rest.length < BATCH) other += 1;
    await flush(rest);
  }
  process.stdout.write("\n");
  // The recorded chain head, as appends leave it.
  if (last) await heads.updateOne({ _id: TENANT }, { $set: { seq: last.seq, hash: last.hash, expireAt: last.expireAt } }, { upsert: true });
  await loader.close();
  return { seconds: (performance.now() - started) / 1000, sample };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

function summary(label: string, values: number[], baseline?: number[]): { p50: number; p99: number } {
  const p50 = percentile(values, 50);
  const p99 = percentile(values, 99);
  const ratio = baseline ? ` | app/bare p50 ${(p50 / percentile(baseline, 50)).toFixed(2)}× p99 ${(p99 / percentile(baseline, 99)).toFixed(2)}×` : "";
  console.log(`  ${label.padEnd(34)} p50 ${fmt(p50).padStart(9)}  p99 ${fmt(p99).padStart(9)}${ratio}`);
  return { p50, p99 };
}

const store = await startStore();
process.env.MONGODB_URI = `${store.uri.replace(/\/$/, "")}/${DATABASE}`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
try {
  console.log(`bench:audit — ${EVENTS.toLocaleString("en")} events for one tenant + ${OTHER_TENANTS} tenants × ${OTHER_EVENTS.toLocaleString("en")}, ${process.env.MONGODB_BENCH_URI ? "MONGODB_BENCH_URI" : "mongo stand-in (own process)"}`);
  const { seconds, sample } = await generate();
  const total = EVENTS + OTHER_TENANTS * OTHER_EVENTS;
  const storeMb = store.memoryMb();
  console.log(`  generated ${total.toLocaleString("en")} chained events in ${seconds.toFixed(1)} s (${Math.round(total / seconds).toLocaleString("en")}/s)${storeMb === undefined ? "" : `; stand-in RSS ${storeMb.toFixed(0)} MB`}`);

  const { events } = await auditCollections();
  const bare = getAuditDb().collection(events.collectionName);

  // (a) writes: the app's path appends to the 1M chain (head cache, insert, head record).
  const write = async () => {
    const result = await recordAuditEvent({ ...eventInput(TENANT, 0, new Date()), occurredAt: undefined });
    if (result.status !== "recorded") throw new Error(`audit event ${result.status}`);
  };
  let bareSeq = 0;
  const bareInsert = () => bare.insertOne({ ...buildAuditEvent(eventInput(BARE_TENANT, bareSeq, new Date())), seq: ++bareSeq, prevHash: GENESIS_HASH, prevExpireAt: null, hash: "bare" });
  for (let i = 0; i < 50; i++) { await write(); await bareInsert(); }
  const writes: number[] = [];
  const bareWrites: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    writes.push(await timed(write));
    bareWrites.push(await timed(bareInsert));
  }

  // (b) pages: what GET /api/v1/audit-logs returns, 50 events each.
  const page = (query: Partial<AuditPageQuery>) => () => listAuditEvents(TENANT, { limit: 50, ...query });
  const cursorAt = (n: number) => {
    const event = sample[(n * 7) % sample.length]!;
    return { occurredAt: event.occurredAt, id: event.id };
  };
  const bareFirst = () => bare.find({ tenantId: TENANT }).sort({ occurredAt: -1 }).limit(50).toArray();
  const runs: Record<string, () => (n: number) => Promise<unknown>> = {
    "first page": () => page({}),
    "deep page (keyset cursor)": () => (n) => page({ cursor: cursorAt(n) })(),
    [`first page, action=${FILTER_ACTION}`]: () => page({ action: FILTER_ACTION }),
    [`deep page, action=${FILTER_ACTION}`]: () => (n) => page({ action: FILTER_ACTION, cursor: cursorAt(n) })(),
    [`first page, actor=${FILTER_ACTOR}`]: () => page({ actorId: FILTER_ACTOR }),
    [`deep page, actor=${FILTER_ACTOR}`]: () => (n) => page({ actorId: FILTER_ACTOR, cursor: cursorAt(n) })(),
  };
  const deepCheck = await page({ cursor: cursorAt(3) })();
  if (deepCheck.data.length !== 50 || deepCheck.nextCursor === null) throw new Error("a deep page did not return 50 events");
  for (let i = 0; i < 50; i++) { await page({})(); await bareFirst(); }
  const bareFirstTimes: number[] = [];
  for (let i = 0; i < PAGES; i++) bareFirstTimes.push(await timed(bareFirst));
  const pageTimes: Record<string, number[]> = {};
  for (const [label, make] of Object.entries(runs)) {
    const run = make();
    pageTimes[label] = [];
    for (let i = 0; i < PAGES; i++) pageTimes[label]!.push(await timed(() => run(i)));
  }

  console.log(`\n  writes (${WRITES} sequential, after 50 warm-up)`);
  const writeStats = summary("recordAuditEvent (app)", writes, bareWrites);
  summary("bare insertOne", bareWrites);
  console.log(`\n  50-event pages (${PAGES} each)`);
  const pageStats = Object.entries(pageTimes).map(([label, times]) => ({ label, ...summary(`listAuditEvents ${label}`, times, label === "first page" ? bareFirstTimes : undefined) }));
  summary("bare find({tenantId}).sort.limit(50)", bareFirstTimes);

  const verifyStarted = performance.now();
  const verification = await verifyAuditChain(TENANT);
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  console.log(`\n  verifyAuditChain over ${verification.checked.toLocaleString("en")} events: ${verifySeconds.toFixed(1)} s, ok=${verification.ok} (informational)`);
  const endMb = store.memoryMb();
  console.log(`  memory: ${endMb === undefined ? "" : `stand-in RSS ${endMb.toFixed(0)} MB, `}bench process RSS ${mb(process.memoryUsage().rss)}`);

  const worstPage = pageStats.reduce((worst, stat) => (stat.p99 > worst.p99 ? stat : worst));
  console.log(`  targets: write p50 ≤ 2 ms [${fmt(writeStats.p50)}, ${writeStats.p50 <= 2 ? "met" : "MISSED"}], page p99 ≤ 20 ms [worst: ${worstPage.label} ${fmt(worstPage.p99)}, ${worstPage.p99 <= 20 ? "met" : "MISSED"}]`);
  if (!verification.ok) process.exitCode = 1;
} finally {
  await getAuditDb().dropDatabase().catch(() => undefined);
  await closeAuditClient();
  await store.close();
}
