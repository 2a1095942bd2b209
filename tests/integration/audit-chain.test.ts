import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { startAuditMongo } from "../helpers/audit-mongo";

// The audit repository: the per-tenant hash chain, its verification, retention and idempotent
// parking. Runs against a local MongoDB stand-in, or a real MongoDB when MONGODB_TEST_URI is set.
const mongo = await startAuditMongo();
process.env.MONGODB_URI = mongo.uri;

const { recordAuditEvent, verifyAuditChain, flushParkedAuditEvents, closeAuditClient } = await import("@/lib/audit");
const { createAuditChainWriter } = await import("@/lib/audit/append-audit-event");
const { buildAuditEvent } = await import("@/lib/audit/build-audit-event");
const { parkAuditEvent } = await import("@/lib/audit/park-audit-event");
const { hashAuditEvent } = await import("@/lib/audit/hash-audit-event");
const { GENESIS_HASH } = await import("@/lib/audit/audit-event");
const { auditDatabaseName } = await import("@/lib/audit/client");
const { AUDIT_CHAIN_HEADS_COLLECTION } = await import("@/lib/audit/audit-event");
const { getRedis, redisKeys } = await import("@/lib/redis");
type AuditEventInput = import("@/lib/audit").AuditEventInput;

afterAll(async () => {
  // The parked-event streams of this file's own database.
  await getRedis().del(redisKeys.auditParked(auditDatabaseName()), redisKeys.auditParkedRejected(auditDatabaseName()));
  await closeAuditClient();
  await mongo.close();
});

const events = mongo.client.db().collection("audit_events");
const heads = mongo.client.db().collection<{ _id: string; seq: number }>(AUDIT_CHAIN_HEADS_COLLECTION);
const DAY_MS = 24 * 60 * 60 * 1000;

function input(tenantId: string, overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    tenantId,
    planTier: "free",
    action: "site.updated",
    actor: { type: "user", id: randomUUID(), label: "owner@example.test" },
    targets: [{ type: "site", id: randomUUID() }],
    context: { ip: "10.1.2.3", userAgent: "vitest", requestId: randomUUID() },
    changes: { name: "New name" },
    ...overrides,
  };
}

async function recordMany(tenantId: string, count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    expect((await recordAuditEvent(input(tenantId, { metadata: { index } }))).status).toBe("recorded");
  }
}

async function storedSeqs(tenantId: string): Promise<number[]> {
  const docs = await events.find({ tenantId }).sort({ seq: 1 }).toArray();
  return docs.map((doc) => doc.seq as number);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe("the audit hash chain", () => {
  it("links each event to the one before it, from a genesis hash, and verifies", async () => {
    const tenantId = randomUUID();
    await recordMany(tenantId, 5);
    const docs = await events.find({ tenantId }).sort({ seq: 1 }).toArray();
    expect(docs.map((doc) => doc.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(docs[0]!.prevHash).toBe(GENESIS_HASH);
    for (let index = 1; index < docs.length; index++) expect(docs[index]!.prevHash).toBe(docs[index - 1]!.hash);
    for (const doc of docs) expect(doc.hash).toBe(hashAuditEvent(doc));
    expect(await verifyAuditChain(tenantId)).toEqual({ ok: true, checked: 5 });
  });

  it("stores the event shape: actor, action, targets, context, changes, times", async () => {
    const tenantId = randomUUID();
    const actorId = randomUUID();
    const result = await recordAuditEvent(input(tenantId, { actor: { type: "api_key", id: actorId, label: "CI (rs_abc…)" } }));
    const doc = await events.findOne({ tenantId, id: result.id });
    expect(doc).toMatchObject({
      id: result.id,
      tenantId,
      actor: { type: "api_key", id: actorId, label: "CI (rs_abc…)" },
      action: "site.updated",
      context: { ip: "10.1.2.3", userAgent: "vitest" },
      changes: { name: "New name" },
      seq: 1,
    });
    expect(doc!.occurredAt).toBeInstanceOf(Date);
    expect(doc!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stays one gap-free chain under 50 concurrent writes for one tenant", async () => {
    const tenantId = randomUUID();
    const results = await Promise.all(range(1, 50).map((index) => recordAuditEvent(input(tenantId, { metadata: { index } }))));
    expect(results.every((result) => result.status === "recorded")).toBe(true);
    expect(await storedSeqs(tenantId)).toEqual(range(1, 50));
    expect(await verifyAuditChain(tenantId)).toEqual({ ok: true, checked: 50 });
  });

  it("stays gap-free when several processes append to the same chain at once", async () => {
    // Separate writers share nothing in memory, like separate server instances: only the unique
    // (tenantId, seq) index keeps them apart.
    const tenantId = randomUUID();
    const writers = range(1, 5).map(() => createAuditChainWriter());
    const outcomes = await Promise.all(range(0, 49).map((index) => writers[index % 5]!.append(buildAuditEvent(input(tenantId)))));
    expect(outcomes.every((outcome) => outcome === "appended")).toBe(true);
    expect(await storedSeqs(tenantId)).toEqual(range(1, 50));
    expect(await verifyAuditChain(tenantId)).toEqual({ ok: true, checked: 50 });
  });

  it("appends a batch of many tenants' events in order, each tenant's chain gap-free", async () => {
    const tenants = range(1, 4).map(() => randomUUID());
    const batch = range(0, 13).map((index) => buildAuditEvent(input(tenants[index % 4]!, { metadata: { index } })));
    const outcomes = await createAuditChainWriter().appendMany(batch);
    expect(outcomes.every((outcome) => outcome.status === "fulfilled" && outcome.value === "appended")).toBe(true);
    for (const [position, tenantId] of tenants.entries()) {
      const docs = await events.find({ tenantId }).sort({ seq: 1 }).toArray();
      expect(docs.map((doc) => doc.metadata.index)).toEqual(range(0, 13).filter((index) => index % 4 === position));
      expect(await verifyAuditChain(tenantId)).toEqual({ ok: true, checked: docs.length });
    }
  });

  it("appends a batch after another process's writes, from the real head, and stores a repeated event once", async () => {
    // A second writer moved the chain on: this writer's remembered head lags behind the stored one.
    const [tenantId, other] = [randomUUID(), randomUUID()];
    const writer = createAuditChainWriter();
    await writer.append(buildAuditEvent(input(tenantId)));
    const elsewhere = createAuditChainWriter();
    for (let index = 0; index < 3; index++) await elsewhere.append(buildAuditEvent(input(tenantId)));
    const repeated = buildAuditEvent(input(other));
    await writer.append(repeated);
    const outcomes = await writer.appendMany([buildAuditEvent(input(tenantId)), repeated, buildAuditEvent(input(tenantId)), buildAuditEvent(input(other))]);
    expect(outcomes.map((outcome) => (outcome.status === "fulfilled" ? outcome.value : "rejected"))).toEqual(["appended", "already_stored", "appended", "appended"]);
    expect(await storedSeqs(tenantId)).toEqual(range(1, 6));
    expect(await storedSeqs(other)).toEqual([1, 2]);
    expect(await verifyAuditChain(tenantId)).toEqual({ ok: true, checked: 6 });
    expect(await verifyAuditChain(other)).toEqual({ ok: true, checked: 2 });
  });

  it("builds a batch on the newest stored event when the recorded head lags and the next position is free", async () => {
    // The recorded head says 1, events 1..3 are stored, and 2 has gone (expired): building on the
    // record would put a second event 2 before 3 and fork the chain.
    const tenantId = randomUUID();
    const writer = createAuditChainWriter();
    for (let index = 0; index < 3; index++) await writer.append(buildAuditEvent(input(tenantId)));
    await heads.updateOne({ _id: tenantId }, { $set: { seq: 1 } });
    await events.deleteOne({ tenantId, seq: 2 });
    const third = await events.findOne({ tenantId, seq: 3 });
    const outcomes = await createAuditChainWriter().appendMany([buildAuditEvent(input(tenantId))]);
    expect(outcomes).toEqual([{ status: "fulfilled", value: "appended" }]);
    expect(await storedSeqs(tenantId)).toEqual([1, 3, 4]);
    expect((await events.findOne({ tenantId, seq: 4 }))!.prevHash).toBe(third!.hash);
  });

  it("keeps tenants' chains apart", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await Promise.all([recordMany(a, 3), recordMany(b, 4)]);
    expect(await storedSeqs(a)).toEqual([1, 2, 3]);
    expect(await storedSeqs(b)).toEqual([1, 2, 3, 4]);
    await events.updateOne({ tenantId: b, seq: 2 }, { $set: { action: "site.deleted" } });
    expect(await verifyAuditChain(a)).toEqual({ ok: true, checked: 3 });
    expect(await verifyAuditChain(b)).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });
});

describe("verifyAuditChain detects tampering", () => {
  async function chainOf(count: number): Promise<string> {
    const tenantId = randomUUID();
    await recordMany(tenantId, count);
    expect((await verifyAuditChain(tenantId)).ok).toBe(true);
    return tenantId;
  }

  it("an edited event", async () => {
    const tenantId = await chainOf(10);
    await events.updateOne({ tenantId, seq: 4 }, { $set: { "actor.label": "someone-else@example.test" } });
    expect(await verifyAuditChain(tenantId)).toEqual({ ok: false, checked: 4, firstBrokenSeq: 4 });
  });

  it("an edited event whose own hash was recomputed to match", async () => {
    const tenantId = await chainOf(10);
    const doc = (await events.findOne({ tenantId, seq: 4 }))!;
    const edited = { ...doc, action: "site.created" };
    await events.replaceOne({ _id: doc._id }, { ...edited, hash: hashAuditEvent(edited) });
    expect(await verifyAuditChain(tenantId)).toMatchObject({ ok: false, firstBrokenSeq: 5 });
  });

  it("a field added to an event", async () => {
    const tenantId = await chainOf(5);
    await events.updateOne({ tenantId, seq: 2 }, { $set: { note: "added later" } });
    expect(await verifyAuditChain(tenantId)).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });

  it("a deleted event", async () => {
    const tenantId = await chainOf(10);
    await events.deleteOne({ tenantId, seq: 6 });
    expect(await verifyAuditChain(tenantId)).toEqual({ ok: false, checked: 6, firstBrokenSeq: 6 });
  });

  it("a deleted first event", async () => {
    const tenantId = await chainOf(5);
    await events.deleteOne({ tenantId, seq: 1 });
    expect(await verifyAuditChain(tenantId)).toMatchObject({ ok: false, firstBrokenSeq: 1 });
  });

  it("deleted newest events, and keeps showing it after new events are appended", async () => {
    const tenantId = await chainOf(10);
    await events.deleteMany({ tenantId, seq: { $gte: 9 } });
    expect(await verifyAuditChain(tenantId)).toEqual({ ok: false, checked: 8, firstBrokenSeq: 9 });
    // A fresh writer (no memory of the chain) continues after the recorded head, not over the gap.
    await createAuditChainWriter().append(buildAuditEvent(input(tenantId)));
    expect(await storedSeqs(tenantId)).toEqual([...range(1, 8), 11]);
    expect(await verifyAuditChain(tenantId)).toMatchObject({ ok: false, firstBrokenSeq: 9 });
  });

  it("reordered events (seq values swapped)", async () => {
    const tenantId = await chainOf(6);
    const third = (await events.findOne({ tenantId, seq: 3 }))!;
    const fourth = (await events.findOne({ tenantId, seq: 4 }))!;
    await events.updateOne({ _id: third._id }, { $set: { seq: -3 } });
    await events.updateOne({ _id: fourth._id }, { $set: { seq: 3 } });
    await events.updateOne({ _id: third._id }, { $set: { seq: 4 } });
    expect(await verifyAuditChain(tenantId)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it("reordered events (times swapped)", async () => {
    const tenantId = await chainOf(6);
    const second = (await events.findOne({ tenantId, seq: 2 }))!;
    const fifth = (await events.findOne({ tenantId, seq: 5 }))!;
    await events.updateOne({ _id: second._id }, { $set: { occurredAt: fifth.occurredAt } });
    await events.updateOne({ _id: fifth._id }, { $set: { occurredAt: second.occurredAt } });
    expect(await verifyAuditChain(tenantId)).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });
});

describe("retention", () => {
  it("sets expireAt to the event's time plus the plan's retention days", async () => {
    // Recent: an expireAt already past would be swept by the TTL monitor before it is read.
    const occurredAt = new Date();
    const expected = { free: 30, starter: 365, pro: 365, agency: 730, "no-such-plan": 30 };
    for (const [planTier, days] of Object.entries(expected)) {
      const tenantId = randomUUID();
      const { id } = await recordAuditEvent(input(tenantId, { planTier, occurredAt }));
      const doc = await events.findOne({ tenantId, id });
      expect(doc!.expireAt).toEqual(new Date(occurredAt.getTime() + days * DAY_MS));
    }
  });

  it("has a TTL index on expireAt and the tenant-first indexes the queries use", async () => {
    await recordAuditEvent(input(randomUUID()));
    const indexes = await events.listIndexes().toArray();
    const byName = new Map(indexes.map((index) => [index.name as string, index]));
    expect(byName.get("expire_at_ttl")).toMatchObject({ key: { expireAt: 1 }, expireAfterSeconds: 0 });
    expect(byName.get("tenant_time")?.key).toEqual({ tenantId: 1, occurredAt: -1, id: -1 });
    expect(byName.get("tenant_action_time")?.key).toEqual({ tenantId: 1, action: 1, occurredAt: -1, id: -1 });
    expect(byName.get("tenant_actor_time")?.key).toEqual({ tenantId: 1, "actor.id": 1, occurredAt: -1, id: -1 });
    expect(byName.get("tenant_seq_unique")).toMatchObject({ key: { tenantId: 1, seq: 1 }, unique: true });
    expect(byName.get("tenant_event_id_unique")).toMatchObject({ key: { tenantId: 1, id: 1 }, unique: true });
  });

  it("verifies a chain whose oldest events expired, but not one whose unexpired events were deleted", async () => {
    const tenantId = randomUUID();
    const longAgo = new Date(Date.now() - 40 * DAY_MS);
    for (let index = 0; index < 3; index++) await recordAuditEvent(input(tenantId, { occurredAt: longAgo }));
    await recordMany(tenantId, 3);
    // What MongoDB's TTL monitor does (the stand-in's runs every 100 ms, a real server's every 60 s).
    await events.deleteMany({ tenantId, expireAt: { $lte: new Date() } });
    expect(await storedSeqs(tenantId)).toEqual([4, 5, 6]);
    expect(await verifyAuditChain(tenantId)).toEqual({ ok: true, checked: 3 });
    await events.deleteOne({ tenantId, seq: 4 });
    expect(await verifyAuditChain(tenantId)).toMatchObject({ ok: false, firstBrokenSeq: 4 });
  });
});

describe("what an event may hold", () => {
  it("never stores secret-looking fields or MongoDB operator keys, and keeps the hash stable", async () => {
    const tenantId = randomUUID();
    const changes = { name: "Shop", password: "hunter2", apiKey: "rs_x", token: "t", $where: "1", "a.b": 1, nested: { secret: "s", ok: "\ud800 lone" } };
    const { id } = await recordAuditEvent(input(tenantId, { changes }));
    const doc = await events.findOne({ tenantId, id });
    expect(doc!.changes).toEqual({ name: "Shop", nested: { ok: "\ufffd lone" } });
    expect(await verifyAuditChain(tenantId)).toEqual({ ok: true, checked: 1 });
  });
});

describe("parked events", () => {
  it("are stored once when flushed, even if the original write had landed", async () => {
    const tenantId = randomUUID();
    await recordMany(tenantId, 2);
    const landed = buildAuditEvent(input(tenantId));
    await createAuditChainWriter().append(landed);
    // The write landed but its caller saw a timeout and parked the event as well.
    await parkAuditEvent(landed);
    const parkedOnly = buildAuditEvent(input(tenantId));
    await parkAuditEvent(parkedOnly);

    const first = await flushParkedAuditEvents();
    expect(first).toMatchObject({ written: 1, alreadyStored: 1, remaining: 0, interrupted: false });
    expect(await flushParkedAuditEvents()).toMatchObject({ written: 0, alreadyStored: 0, remaining: 0 });
    expect(await events.countDocuments({ tenantId, id: landed.id })).toBe(1);
    expect(await events.countDocuments({ tenantId, id: parkedOnly.id })).toBe(1);
    expect(await storedSeqs(tenantId)).toEqual([1, 2, 3, 4]);
    expect(await verifyAuditChain(tenantId)).toEqual({ ok: true, checked: 4 });
  });

  it("sets aside an entry that is not an audit event instead of blocking the queue", async () => {
    const tenantId = randomUUID();
    const database = auditDatabaseName();
    await getRedis().xadd(redisKeys.auditParked(database), "*", { event: "{\"not\":\"an event\"}" });
    const parked = buildAuditEvent(input(tenantId));
    await parkAuditEvent(parked);
    expect(await flushParkedAuditEvents()).toMatchObject({ written: 1, rejected: 1, remaining: 0 });
    expect(await getRedis().xlen(redisKeys.auditParkedRejected(database))).toBe(1);
    expect(await events.countDocuments({ tenantId, id: parked.id })).toBe(1);
  });
});
