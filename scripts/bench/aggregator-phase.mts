// bench:webhooks, second half: the time the cron aggregator takes to apply 10,000 queued events.
// 1,000 tenants with Stripe customers each receive ten customer.subscription.updated events, one per
// second of Stripe time, alternating plan (starter/pro) and status (active, past_due every fourth), so
// every event changes state: a ledger row, a subscription write, a tenant-cache invalidation and an
// audit event each. Entries go straight onto the stream (the webhook's cost is measured separately).
import type pg from "pg";
import type { Redis as IORedis } from "ioredis";
import { readdirSync, readFileSync } from "node:fs";
import { fmt, timedRequest } from "./bench-server.mts";

/** CPU seconds used so far per kind of process (from /proc), to show where the aggregator's time goes. */
function cpuByProcess(): Map<string, number> {
  const totals = new Map<string, number>();
  const ticksPerSecond = 100; // USER_HZ on Linux
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      const kind = args.startsWith("next-server") ? "next server"
        : args.startsWith("postgres:") ? "postgres"
        : args.startsWith("redis-server") ? "redis"
        : Number(pid) === process.pid ? "bench (stand-ins, bridge)" : null;
      if (!kind) continue;
      // Fields after the command name in parentheses: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      totals.set(kind, (totals.get(kind) ?? 0) + (Number(fields[11]) + Number(fields[12])) / ticksPerSecond);
    } catch {
      // The process ended meanwhile.
    }
  }
  return totals;
}

const TENANTS = 1000;
const STREAM = "rs:{billing-billing}:events";

function subscriptionEvent(i: number, round: number, base: number): { id: string; type: string; payload: string } {
  const created = base + round;
  const id = `evt_agg_${i}_${round}`;
  const type = "customer.subscription.updated";
  const object = {
    id: `sub_agg_${i}`, object: "subscription", customer: `cus_agg_${i}`, status: round % 4 === 3 ? "past_due" : "active",
    cancel_at_period_end: false, cancel_at: null, canceled_at: null, ended_at: null, trial_end: null, metadata: {},
    items: { object: "list", data: [{ price: { id: round % 2 ? "price_pro_monthly" : "price_starter_monthly" }, current_period_start: base, current_period_end: base + 30 * 86400 }] },
  };
  return { id, type, payload: JSON.stringify({ id, object: "event", api_version: "2026-07-29.dahlia", created, livemode: false, type, data: { object } }) };
}

export async function benchAggregator(options: { admin: pg.Client; redis: IORedis; port: number; host: string; cronSecret: string; events: number }) {
  const { admin, redis, port, host, cronSecret, events } = options;
  // A clean slate: the bench tenants get a customer each and no subscription or ledger rows yet.
  await admin.query("UPDATE tenants SET stripe_customer_id = 'cus_agg_' || substring(subdomain from 7) WHERE subdomain LIKE 'bench-%'");
  await admin.query("DELETE FROM invoices WHERE tenant_id IN (SELECT id FROM tenants WHERE subdomain LIKE 'bench-%')").catch(() => undefined);
  await admin.query("DELETE FROM subscriptions WHERE tenant_id IN (SELECT id FROM tenants WHERE subdomain LIKE 'bench-%')");
  await admin.query("DELETE FROM billing_events WHERE event_id LIKE 'evt_agg_%'");
  // What autovacuum does for a live database: without it, rows deleted by earlier runs skew the plans.
  await admin.query("VACUUM ANALYZE subscriptions, invoices, billing_events, tenants");
  await redis.del(STREAM);
  const base = Math.floor(Date.now() / 1000) - 3600;
  const pipeline = redis.pipeline();
  for (let k = 0; k < events; k++) {
    const event = subscriptionEvent((k % TENANTS) + 1, Math.floor(k / TENANTS), base);
    pipeline.xadd(STREAM, "*", "id", event.id, "type", event.type, "event", event.payload);
  }
  await pipeline.exec();

  const cpuBefore = cpuByProcess();
  const started = performance.now();
  let applied = 0;
  let runs = 0;
  for (;;) {
    const response = await timedRequest(port, { host, path: "/api/v1/cron/billing", headers: { authorization: `Bearer ${cronSecret}` } });
    if (response.status !== 200) throw new Error(`cron HTTP ${response.status}: ${response.body}`);
    const report = JSON.parse(response.body) as { applied: number; failed: number; deferred: number };
    runs++;
    applied += report.applied;
    if (report.failed > 0 || report.deferred > 0) throw new Error(`aggregator failures: ${response.body}`);
    if ((await redis.xlen(STREAM)) === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuByProcess();
  const cpu = [...cpuAfter].map(([kind, total]) => `${kind} ${(total - (cpuBefore.get(kind) ?? 0)).toFixed(1)} s`).join(", ");
  const { rows } = await admin.query("SELECT count(*)::int AS n FROM billing_events WHERE event_id LIKE 'evt_agg_%'");
  // Every subscription must end at its tenant's last event (ids evt_agg_<tenant>_<round>).
  const lastRound = Math.floor((events - 1) / TENANTS);
  const { rows: subs } = await admin.query("SELECT count(*)::int AS n FROM subscriptions WHERE stripe_sub_id LIKE 'sub_agg_%' AND status_event_id LIKE $1", [`evt_agg_%_${lastRound}`]);
  console.log(`  aggregator       ${events} events in ${fmt(seconds * 1000)} over ${runs} cron run(s) = ${(events / seconds).toFixed(0)} events/s | applied ${applied}, ledger rows ${rows[0].n}, subscriptions at their last event ${subs[0].n}`);
  console.log(`  aggregator CPU   ${cpu} (CPU time; postgres backends that exited meanwhile are missing)`);
  return { seconds, applied };
}
