// Index walks must answer exactly like a collection scan: the same documents in the same order,
// ties included. Two collections receive the same random documents and the same writes through the
// official driver; one has the audit log's kind of indexes, the other none (scan, mingo, stable sort).
import { randomUUID } from "node:crypto";
import { Double, MongoClient, type Collection, type Db, type Document, type Filter, type Sort } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../../tests/helpers/prng";
import { Collection as StoredCollection } from "./collection";
import { startMongoStandin, type MongoStandin } from "./server";

// The audit log's indexes (lib/audit/audit-collections.ts) without `unique`, since random documents
// repeat keys on purpose, plus a mixed-direction one and a plain counter index.
const INDEXES: { key: Document; name: string }[] = [
  { key: { tenantId: 1, occurredAt: -1, id: -1 }, name: "tenant_time" },
  { key: { tenantId: 1, action: 1, occurredAt: -1, id: -1 }, name: "tenant_action_time" },
  { key: { tenantId: 1, "actor.id": 1, occurredAt: -1, id: -1 }, name: "tenant_actor_time" },
  { key: { tenantId: 1, "targets.type": 1, "targets.id": 1, occurredAt: -1 }, name: "tenant_target_time" },
  { key: { tenantId: 1, seq: 1 }, name: "tenant_seq" },
  { key: { group: 1, occurredAt: -1, id: 1 }, name: "group_time_mixed" },
  { key: { expireAt: 1 }, name: "expire_at" },
];

const TENANTS = ["t-a", "t-b", "t-c"];
const ACTIONS = ["site.created", "site.updated", "member.invited", "key.revoked"];
const ACTORS = ["u-1", "u-2", "u-3", "k-1"];
const BASE = Date.UTC(2026, 0, 1);

const prng = mulberry32;

let standin: MongoStandin;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  standin = await startMongoStandin({ port: 0 });
  client = new MongoClient(standin.uri, { serverSelectionTimeoutMS: 5_000 });
  await client.connect();
  db = client.db(`standin_walk_${randomUUID().slice(0, 8)}`);
});

afterAll(async () => {
  await client.close();
  await standin.close();
});

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

/** Few distinct times and ids, so (occurredAt, id) ties are common; odd types and missing fields too. */
function randomDocument(random: () => number, serial: number): Document {
  const roll = random();
  const occurredAt =
    roll < 0.04 ? undefined : roll < 0.07 ? 17 : roll < 0.09 ? "not a date" : new Date(BASE + Math.floor(random() * 12) * 60_000);
  const seqRoll = random();
  const document: Document = {
    tenantId: random() < 0.03 ? [pick(random, TENANTS), pick(random, TENANTS)] : pick(random, TENANTS),
    id: `e-${Math.floor(random() * 6)}`,
    action: pick(random, ACTIONS),
    actor: { type: "user", id: pick(random, ACTORS) },
    targets: random() < 0.5 ? [{ type: "site", id: `s-${Math.floor(random() * 3)}` }] : [],
    seq: seqRoll < 0.05 ? new Double(Number.NaN) : seqRoll < 0.1 ? new Double(2.5) : Math.floor(random() * 40),
    group: pick(random, ["g1", "g2"]),
    expireAt: new Date(BASE + 86_400_000 * 365),
    serial,
  };
  if (occurredAt !== undefined) document.occurredAt = occurredAt;
  return document;
}

interface Twin {
  indexed: Collection;
  scanned: Collection;
}

async function createTwin(label: string): Promise<Twin> {
  const indexed = db.collection(`${label}_indexed`);
  const scanned = db.collection(`${label}_scanned`);
  for (const index of INDEXES) await indexed.createIndex(index.key, { name: index.name });
  return { indexed, scanned };
}

async function insertBoth(twin: Twin, documents: Document[]): Promise<void> {
  // The same _id in both, so whole documents (and tie order) can be compared.
  const withIds: Document[] = documents.map((document) => ({ _id: randomUUID(), ...document }));
  await twin.indexed.insertMany(withIds.map((document) => ({ ...document })));
  await twin.scanned.insertMany(withIds.map((document) => ({ ...document })));
}

/** The filters the audit log sends (lib/audit/audit-filter.ts) and a few it does not. */
function randomFilter(random: () => number, cursorDoc: Document | undefined): Filter<Document> {
  const tenantId = pick(random, TENANTS);
  const at = (minutes: number) => new Date(BASE + minutes * 60_000);
  const cursor = cursorDoc?.occurredAt instanceof Date ? cursorDoc : { occurredAt: at(6), id: "e-3" };
  const keyset = { $or: [{ occurredAt: { $lt: cursor.occurredAt } }, { occurredAt: cursor.occurredAt, id: { $lt: cursor.id } }] };
  const keysetForward = { $or: [{ occurredAt: { $gt: cursor.occurredAt } }, { occurredAt: cursor.occurredAt, id: { $gt: cursor.id } }] };
  const shapes: Filter<Document>[] = [
    { tenantId },
    { tenantId, action: pick(random, ACTIONS) },
    { tenantId, "actor.id": pick(random, ACTORS) },
    { tenantId, occurredAt: { $lt: at(Math.floor(random() * 12)) } },
    { tenantId, occurredAt: { $gte: at(2), $lt: at(2 + Math.floor(random() * 8)) } },
    { tenantId, occurredAt: { $lte: at(5) } },
    { tenantId, ...keyset },
    { tenantId, ...keysetForward },
    { tenantId, action: pick(random, ACTIONS), ...keyset },
    { tenantId, "actor.id": pick(random, ACTORS), occurredAt: { $gte: at(1) }, ...keyset },
    { tenantId: { $in: [tenantId, pick(random, TENANTS)] } },
    { tenantId, targets: { $elemMatch: { type: "site", id: "s-1" } } },
    { tenantId, seq: { $gt: Math.floor(random() * 40) } },
    { tenantId, seq: { $gte: 2.5 } },
    { tenantId, seq: { $lte: Math.floor(random() * 40) } },
    { tenantId, id: "e-2", occurredAt: { $gt: at(3) } },
    { group: pick(random, ["g1", "g2"]), occurredAt: { $gt: at(4) } },
    { tenantId, occurredAt: { $type: "date" }, action: { $ne: "site.created" } },
  ];
  return pick(random, shapes);
}

const SORTS: Sort[] = [
  { occurredAt: -1, id: -1 },
  { occurredAt: 1, id: 1 },
  { occurredAt: -1 },
  { occurredAt: 1 },
  { occurredAt: -1, id: 1 },
  { occurredAt: 1, id: -1 },
  { seq: 1 },
  { seq: -1 },
  { tenantId: 1, occurredAt: -1, id: -1 },
  { action: 1, occurredAt: -1 },
  {},
];

async function expectSameAnswers(twin: Twin, random: () => number, rounds: number): Promise<void> {
  const sample = await twin.scanned.find({}).limit(50).toArray();
  for (let round = 0; round < rounds; round++) {
    const filter = randomFilter(random, pick(random, sample));
    const sort = pick(random, SORTS);
    const limit = pick(random, [0, 1, 5, 51]);
    const skip = pick(random, [0, 0, 3]);
    const query = (collection: Collection) => collection.find(filter).sort(sort).skip(skip).limit(limit).toArray();
    const [indexed, scanned] = await Promise.all([query(twin.indexed), query(twin.scanned)]);
    expect(indexed, JSON.stringify({ filter, sort, skip, limit })).toEqual(scanned);
    if (round % 5 === 0) {
      expect(await twin.indexed.countDocuments(filter)).toBe(await twin.scanned.countDocuments(filter));
    }
  }
}

describe("index walks", () => {
  it("answer finds exactly like a collection scan, ties and odd types included, through inserts, updates and deletes", async () => {
    const random = prng(20261129);
    const twin = await createTwin("walk");
    await insertBoth(twin, Array.from({ length: 600 }, (_, i) => randomDocument(random, i)));
    await expectSameAnswers(twin, random, 250);

    for (let step = 0; step < 3; step++) {
      await insertBoth(twin, Array.from({ length: 150 }, (_, i) => randomDocument(random, 1_000 * (step + 1) + i)));
      const moved = { serial: { $mod: [7, step] } };
      const change = { $set: { occurredAt: new Date(BASE + step * 60_000), action: pick(random, ACTIONS) } };
      await twin.indexed.updateMany(moved, change);
      await twin.scanned.updateMany(moved, change);
      const retargeted = { serial: { $mod: [11, step] } };
      const retarget = { $set: { tenantId: pick(random, TENANTS), "actor.id": pick(random, ACTORS) } };
      await twin.indexed.updateMany(retargeted, retarget);
      await twin.scanned.updateMany(retargeted, retarget);
      const removed = { serial: { $mod: [13, step] } };
      await twin.indexed.deleteMany(removed);
      await twin.scanned.deleteMany(removed);
      await expectSameAnswers(twin, random, 150);
    }
  }, 60_000);

  it("keeps answering like a scan after a document puts an array under an index's later field", async () => {
    const random = prng(7);
    const twin = await createTwin("multikey");
    await insertBoth(twin, Array.from({ length: 200 }, (_, i) => randomDocument(random, i)));
    await insertBoth(twin, [{ tenantId: "t-a", occurredAt: [new Date(BASE), new Date(BASE + 600_000)], id: ["e-1", "e-9"], action: ["site.created", "x.y"], seq: [1, 99] }]);
    await expectSameAnswers(twin, random, 120);
  }, 60_000);

  it("pages through a tenant with the audit log's keyset cursor, every event once, newest first", async () => {
    const { indexed } = await createTwin("keyset");
    const events = Array.from({ length: 1_000 }, (_, i) => ({
      tenantId: i % 4 === 0 ? "other" : "mine",
      // Pairs of events share a millisecond: the id breaks the tie.
      occurredAt: new Date(BASE + Math.floor(i / 2) * 1_000),
      id: randomUUID(),
      action: ACTIONS[i % ACTIONS.length],
    }));
    await indexed.insertMany(events.map((event) => ({ ...event })));
    const seen: string[] = [];
    let cursor: { occurredAt: Date; id: string } | undefined;
    for (;;) {
      const filter: Filter<Document> = { tenantId: "mine" };
      if (cursor) filter.$or = [{ occurredAt: { $lt: cursor.occurredAt } }, { occurredAt: cursor.occurredAt, id: { $lt: cursor.id } }];
      const page = await indexed.find(filter, { projection: { _id: 0 } }).sort({ occurredAt: -1, id: -1 }).limit(51).toArray();
      seen.push(...page.slice(0, 50).map((event) => String(event.id)));
      if (page.length <= 50) break;
      const last = page[49] as Document;
      cursor = { occurredAt: last.occurredAt as Date, id: String(last.id) };
    }
    const expected = events
      .filter((event) => event.tenantId === "mine")
      .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((event) => event.id);
    expect(seen).toEqual(expected);
  });

  it("removes expired documents through the TTL order, and only those", async () => {
    const expiring = db.collection(`ttl_${randomUUID().slice(0, 8)}`);
    await expiring.createIndex({ expireAt: 1 }, { expireAfterSeconds: 0 });
    const now = Date.now();
    await expiring.insertMany([
      { n: 1, expireAt: new Date(now - 60_000) },
      { n: 2, expireAt: [new Date(now + 3_600_000), new Date(now - 1_000)] },
      { n: 3, expireAt: new Date(now + 3_600_000) },
      { n: 4, expireAt: "not a date" },
      { n: 5 },
    ]);
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && (await expiring.countDocuments({})) > 3) await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await expiring.find({}).sort({ n: 1 }).toArray()).map((document) => document.n)).toEqual([3, 4, 5]);
  });
});

describe("query plans", () => {
  const collection = new StoredCollection("plans", "events", {}, () => undefined);
  for (const index of INDEXES) collection.createIndex({ ...index });
  for (let i = 0; i < 5_000; i++) {
    collection.insert({
      tenantId: i % 5 === 0 ? "small" : "big",
      occurredAt: new Date(BASE + i * 1_000),
      id: randomUUID(),
      action: ACTIONS[i % ACTIONS.length],
      actor: { type: "user", id: ACTORS[i % ACTORS.length] },
      targets: [{ type: "site", id: `s-${i % 10}` }],
      seq: i,
    });
  }
  const page = { sort: { occurredAt: -1, id: -1 }, limit: 51 };
  const cursor = { occurredAt: new Date(BASE + 2_000_000), id: "ffffffff" };
  const keyset = { $or: [{ occurredAt: { $lt: cursor.occurredAt } }, { occurredAt: cursor.occurredAt, id: { $lt: cursor.id } }] };

  it("walks the tenant's time index for the audit log's first page and for a page deep in the history", () => {
    expect(collection.describePlan({ tenantId: "big" }, page)).toEqual({ kind: "walk", size: 4_000 });
    // Events at 0..1999 s of the "big" tenant: 1,600 of them lie before the cursor.
    expect(collection.describePlan({ tenantId: "big", ...keyset }, page)).toEqual({ kind: "walk", size: 1_600 });
    const result = collection.find({ tenantId: "big", ...keyset }, page);
    expect(result).toHaveLength(51);
    expect(result[0]?.view.occurredAt).toEqual(new Date(BASE + 1_999_000));
  });

  it("walks the action and actor indexes when those filters are given", () => {
    expect(collection.describePlan({ tenantId: "big", action: "site.updated", ...keyset }, page).kind).toBe("walk");
    expect(collection.describePlan({ tenantId: "big", action: "site.updated" }, page).size).toBe(1_000);
    expect(collection.describePlan({ tenantId: "big", "actor.id": "u-2" }, page)).toEqual({ kind: "walk", size: 1_000 });
  });

  it("seeks a date range, and walks the chain index for the newest seq and for verification", () => {
    const range = { occurredAt: { $gte: new Date(BASE + 1_000_000), $lt: new Date(BASE + 2_000_000) } };
    expect(collection.describePlan({ tenantId: "big", ...range }, page)).toEqual({ kind: "walk", size: 800 });
    expect(collection.describePlan({ tenantId: "big" }, { sort: { seq: -1 }, limit: 1 }).kind).toBe("walk");
    expect(collection.find({ tenantId: "big" }, { sort: { seq: -1 }, limit: 1 })[0]?.view.seq).toBe(4_999);
    expect(collection.describePlan({ tenantId: "small" }, { sort: { seq: 1 } })).toEqual({ kind: "walk", size: 1_000 });
  });

  it("narrows without a walk when the sort does not follow an index, and scans without an equality", () => {
    expect(collection.describePlan({ tenantId: "small" }, { sort: { "actor.type": 1 }, limit: 5 }).kind).toBe("ids");
    expect(collection.describePlan({ occurredAt: { $gt: new Date(BASE) } }, page).kind).toBe("scan");
  });
});
