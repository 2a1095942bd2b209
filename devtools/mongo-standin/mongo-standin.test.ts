// The official `mongodb` driver, unchanged, against the stand-in over TCP.
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
// bson classes come from the driver: vitest may load the `bson` package twice (ESM and CommonJS),
// and instanceof only holds within one copy.
import {
  BSON,
  Decimal128,
  Double,
  Int32,
  Long,
  MongoClient,
  ObjectId,
  type Collection,
  type CommandStartedEvent,
  type Db,
  type Document,
} from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMongoStandin, type MongoStandin } from "./server";

const TTL_MONITOR_MS = 100;

interface Counter {
  name: string;
  n?: number;
  tags?: string[];
  temp?: boolean;
  small?: boolean;
  createdBy?: string;
  replaced?: boolean;
}

interface Profile {
  tags: string[];
  queue: number[];
  low: number;
  high: number;
  price: number;
  old?: string;
  renamed?: string;
  touchedAt?: Date;
}

let standin: MongoStandin;
let client: MongoClient;
let db: Db;
const started: CommandStartedEvent[] = [];
let collectionCounter = 0;

/** A collection no other test uses. */
function uniqueCollection<T extends Document = Document>(label: string): Collection<T> {
  collectionCounter += 1;
  return db.collection<T>(`${label}_${collectionCounter}`);
}

function commandsNamed(name: string, collection: string): CommandStartedEvent[] {
  return started.filter((event) => event.commandName === name && Object.values(event.command).includes(collection));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

beforeAll(async () => {
  standin = await startMongoStandin({ port: 0, ttlMonitorIntervalMs: TTL_MONITOR_MS });
  client = new MongoClient(standin.uri, { monitorCommands: true, serverSelectionTimeoutMS: 5_000 });
  client.on("commandStarted", (event) => started.push(event));
  await client.connect();
  db = client.db(`standin_test_${randomUUID().slice(0, 8)}`);
});

afterAll(async () => {
  await client?.close();
  await standin?.close();
});

describe("handshake and framing", () => {
  it("answers ping, buildInfo and hello as a standalone server", async () => {
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
    const hello = await db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, maxWireVersion: 21, minWireVersion: 0 });
    expect(hello).not.toHaveProperty("topologyVersion");
    expect(hello).not.toHaveProperty("setName");
    expect((await db.admin().command({ buildInfo: 1 })).version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("replies to commands that arrive merged into one TCP write and split across writes", async () => {
    const message = (requestId: number): Buffer => {
      const body = BSON.serialize({ ping: 1, $db: "admin" });
      const out = Buffer.alloc(21 + body.length);
      out.writeInt32LE(out.length, 0);
      out.writeInt32LE(requestId, 4);
      out.writeInt32LE(2013, 12);
      out.set(body, 21);
      return out;
    };
    const socket: Socket = connect(standin.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const replies: number[] = [];
    let received = Buffer.alloc(0);
    const allReplies = new Promise<void>((resolve) => {
      socket.on("data", (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        while (received.length >= 4 && received.length >= received.readInt32LE(0)) {
          const length = received.readInt32LE(0);
          const reply = BSON.deserialize(received.subarray(21, length));
          if (reply.ok === 1) replies.push(received.readInt32LE(8));
          received = received.subarray(length);
          if (replies.length === 3) resolve();
        }
      });
    });
    const third = message(3);
    socket.write(Buffer.concat([message(1), message(2), third.subarray(0, 10)]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write(third.subarray(10));
    await allReplies;
    socket.destroy();
    expect(replies).toEqual([1, 2, 3]);
  });

  it("answers an unknown command with CommandNotFound (59)", async () => {
    await expect(db.command({ noSuchCommand: 1 })).rejects.toMatchObject({ code: 59, codeName: "CommandNotFound" });
  });
});

describe("reads", () => {
  it("finds with filter, sort and limit across getMore batches", async () => {
    const events = uniqueCollection("events");
    await events.insertMany(Array.from({ length: 1_000 }, (_, i) => ({ i, group: i % 10 })));
    const found = await events.find({ group: 3 }).sort({ i: -1 }).limit(50).batchSize(7).toArray();
    expect(found).toHaveLength(50);
    expect(found.map((document) => document.i)).toEqual(Array.from({ length: 50 }, (_, k) => 993 - 10 * k));
    expect(commandsNamed("getMore", events.collectionName).length).toBeGreaterThanOrEqual(7);
    const projected = await events.find({ i: { $lt: 3 } }, { projection: { _id: 0, i: 1 } }).sort({ i: 1 }).toArray();
    expect(projected).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    expect(await events.find({}).skip(995).toArray()).toHaveLength(5);
  });

  it("aggregates with $match, $group, $sort, $project, $limit and $count", async () => {
    const sales = uniqueCollection("sales");
    await sales.insertMany([
      { region: "north", amount: 10 },
      { region: "north", amount: 5 },
      { region: "south", amount: 7 },
      { region: "east", amount: 1 },
    ]);
    const totals = await sales
      .aggregate([
        { $match: { amount: { $gt: 1 } } },
        { $group: { _id: "$region", total: { $sum: "$amount" } } },
        { $sort: { total: -1 } },
        { $project: { _id: 0, region: "$_id", total: 1 } },
        { $limit: 5 },
      ])
      .toArray();
    expect(totals).toEqual([
      { total: 15, region: "north" },
      { total: 7, region: "south" },
    ]);
    expect(await sales.aggregate([{ $match: { region: "north" } }, { $count: "n" }]).toArray()).toEqual([{ n: 2 }]);
  });

  it("counts with countDocuments and estimatedDocumentCount, and lists distinct values", async () => {
    const items = uniqueCollection("items");
    await items.insertMany(Array.from({ length: 25 }, (_, i) => ({ i, colour: ["red", "green", "blue"][i % 3] })));
    expect(await items.countDocuments({ colour: "red" })).toBe(9);
    expect(await items.countDocuments({ colour: "red" }, { skip: 2, limit: 5 })).toBe(5);
    expect(await items.countDocuments({ colour: "purple" })).toBe(0);
    expect(await items.estimatedDocumentCount()).toBe(25);
    expect((await items.distinct("colour")).sort()).toEqual(["blue", "green", "red"]);
  });

  it("closes a cursor with killCursors when a loop stops early, and keeps answering", async () => {
    const rows = uniqueCollection("rows");
    await rows.insertMany(Array.from({ length: 20 }, (_, i) => ({ i })));
    const seen: number[] = [];
    for await (const row of rows.find({}).sort({ i: 1 }).batchSize(2)) {
      seen.push(row.i as number);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([0, 1, 2]);
    const [kill] = commandsNamed("killCursors", rows.collectionName);
    const [cursorId] = (kill?.command.cursors ?? []) as Long[];
    expect(cursorId).toBeDefined();
    const getMore = db.command({ getMore: cursorId, collection: rows.collectionName });
    await expect(getMore).rejects.toMatchObject({ code: 43, codeName: "CursorNotFound" });
    expect(await rows.countDocuments({})).toBe(20);
    expect(await rows.findOne({ i: 19 })).toMatchObject({ i: 19 });
  });
});

describe("indexes", () => {
  it("creates unique and compound descending indexes and lists them", async () => {
    const people = uniqueCollection("people");
    expect(await people.createIndex({ email: 1 }, { unique: true })).toBe("email_1");
    expect(await people.createIndex({ tenantId: 1, occurredAt: -1 })).toBe("tenantId_1_occurredAt_-1");
    // Creating the same index again is a no-op.
    expect(await people.createIndex({ email: 1 }, { unique: true })).toBe("email_1");
    const indexes = await people.listIndexes().toArray();
    expect(indexes.map((index) => ({ name: index.name, key: index.key, unique: index.unique }))).toEqual([
      { name: "_id_", key: { _id: 1 }, unique: undefined },
      { name: "email_1", key: { email: 1 }, unique: true },
      { name: "tenantId_1_occurredAt_-1", key: { tenantId: 1, occurredAt: -1 }, unique: undefined },
    ]);
    await people.dropIndex("email_1");
    expect((await people.indexes()).map((index) => index.name)).toEqual(["_id_", "tenantId_1_occurredAt_-1"]);
  });

  it("rejects a duplicate _id and a duplicate unique key in insertOne with code 11000", async () => {
    const users = uniqueCollection<{ _id?: ObjectId; email: string }>("users");
    await users.createIndex({ email: 1 }, { unique: true });
    const id = new ObjectId();
    await users.insertOne({ _id: id, email: "a@example.com" });
    await expect(users.insertOne({ _id: id, email: "b@example.com" })).rejects.toMatchObject({ code: 11000 });
    await expect(users.insertOne({ email: "a@example.com" })).rejects.toMatchObject({
      code: 11000,
      keyValue: { email: "a@example.com" },
    });
    expect(await users.countDocuments({})).toBe(1);
  });

  it("stops an ordered insertMany at the first duplicate and continues an unordered one", async () => {
    const users = uniqueCollection<{ _id?: string; email: string }>("bulk_users");
    await users.createIndex({ email: 1 }, { unique: true });
    await users.insertOne({ _id: "taken", email: "taken@example.com" });
    const batch = () => [
      { email: "one@example.com" },
      { _id: "taken", email: "other@example.com" },
      { email: "two@example.com" },
      { email: "taken@example.com" },
      { email: "three@example.com" },
    ];
    await expect(users.insertMany(batch())).rejects.toMatchObject({ code: 11000, result: { insertedCount: 1 } });
    expect(await users.countDocuments({})).toBe(2);

    await users.deleteMany({ _id: { $ne: "taken" } });
    const unordered = await users.insertMany(batch(), { ordered: false }).catch((error: unknown) => error);
    expect(unordered).toMatchObject({ code: 11000 });
    const writeErrors = (unordered as { writeErrors: Array<{ index: number; code: number }> }).writeErrors;
    expect(writeErrors.map((error) => [error.index, error.code])).toEqual([
      [1, 11000],
      [3, 11000],
    ]);
    expect(await users.countDocuments({})).toBe(4);
  });
});

describe("writes", () => {
  it("updates one, many, and upserts with $set/$inc/$unset/$push/$setOnInsert", async () => {
    const counters = uniqueCollection<Counter>("counters");
    await counters.insertMany([
      { name: "a", n: 1, tags: ["x"], temp: true },
      { name: "b", n: 2, tags: [] },
      { name: "c", n: 3, tags: [] },
    ]);
    const one = await counters.updateOne(
      { name: "a" },
      { $inc: { n: 10 }, $unset: { temp: "" }, $push: { tags: "y" } },
    );
    expect(one).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    const withoutId = { projection: { _id: 0 } };
    expect(await counters.findOne({ name: "a" }, withoutId)).toEqual({ name: "a", n: 11, tags: ["x", "y"] });

    const many = await counters.updateMany({ n: { $lte: 3 } }, { $set: { small: true } });
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    // Setting a value a document already has matches it without modifying it.
    const again = await counters.updateMany({ n: { $lte: 3 } }, { $set: { small: true } });
    expect(again).toMatchObject({ matchedCount: 2, modifiedCount: 0 });

    const upsert = await counters.updateOne(
      { name: "d" },
      { $set: { n: 4 }, $setOnInsert: { createdBy: "upsert" } },
      { upsert: true },
    );
    expect(upsert.upsertedCount).toBe(1);
    expect(upsert.upsertedId).toBeInstanceOf(ObjectId);
    expect(await counters.findOne({ name: "d" }, withoutId)).toEqual({ name: "d", n: 4, createdBy: "upsert" });
    // $setOnInsert applies only when the upsert inserts.
    await counters.updateOne({ name: "d" }, { $set: { n: 5 }, $setOnInsert: { createdBy: "second" } }, { upsert: true });
    expect(await counters.findOne({ name: "d" }, withoutId)).toEqual({ name: "d", n: 5, createdBy: "upsert" });

    await counters.replaceOne({ name: "c" }, { name: "c", replaced: true });
    expect(await counters.findOne({ name: "c" }, withoutId)).toEqual({ name: "c", replaced: true });
  });

  it("applies $addToSet, $pull, $pop, $min, $max, $mul, $rename and $currentDate", async () => {
    const profiles = uniqueCollection<Profile>("profiles");
    const { insertedId } = await profiles.insertOne({
      tags: ["a", "b"],
      queue: [1, 2, 3],
      low: 5,
      high: 5,
      price: 2,
      old: "x",
    });
    await profiles.updateOne(
      { _id: insertedId },
      {
        $addToSet: { tags: { $each: ["b", "c"] } },
        $pop: { queue: -1 },
        $min: { low: 3 },
        $max: { high: 9 },
        $mul: { price: 3 },
        $rename: { old: "renamed" },
        $currentDate: { touchedAt: true },
      },
    );
    await profiles.updateOne({ _id: insertedId }, { $pull: { tags: "a", queue: { $gte: 3 } } });
    const updated = await profiles.findOne({ _id: insertedId }, { projection: { _id: 0, touchedAt: 0 } });
    expect(updated).toEqual({ tags: ["b", "c"], queue: [2], low: 3, high: 9, price: 6, renamed: "x" });
    expect((await profiles.findOne({ _id: insertedId }))?.touchedAt).toBeInstanceOf(Date);
  });

  it("refuses to change _id and to mix operators with plain fields", async () => {
    const fixed = uniqueCollection<{ _id: string; n: number }>("fixed");
    await fixed.insertOne({ _id: "one", n: 1 });
    await expect(fixed.updateOne({ _id: "one" }, { $set: { _id: "two" } })).rejects.toMatchObject({ code: 66 });
    const mixed = db.command({ update: fixed.collectionName, updates: [{ q: {}, u: { $set: { a: 1 }, b: 2 } }] });
    await expect(mixed).resolves.toMatchObject({ writeErrors: [{ index: 0, code: 9 }] });
    expect(await fixed.findOne({}, { projection: { _id: 1, n: 1 } })).toEqual({ _id: "one", n: 1 });
  });

  it("reports an update that breaks a unique index as a duplicate key", async () => {
    const accounts = uniqueCollection("accounts");
    await accounts.createIndex({ slug: 1 }, { unique: true });
    await accounts.insertMany([{ slug: "one" }, { slug: "two" }]);
    await expect(accounts.updateOne({ slug: "two" }, { $set: { slug: "one" } })).rejects.toMatchObject({ code: 11000 });
    await accounts.updateOne({ slug: "two" }, { $set: { slug: "three" } });
    await accounts.insertOne({ slug: "two" });
    expect(await accounts.countDocuments({})).toBe(3);
  });

  it("findOneAndUpdate returns the document after the update and upserts", async () => {
    const sequences = uniqueCollection<{ _id: string; seq: number }>("sequences");
    const increment = { $inc: { seq: 1 } };
    const first = await sequences.findOneAndUpdate({ _id: "tenant-1" }, increment, { upsert: true, returnDocument: "after" });
    expect(first).toEqual({ _id: "tenant-1", seq: 1 });
    const second = await sequences.findOneAndUpdate({ _id: "tenant-1" }, increment, { returnDocument: "after" });
    expect(second).toEqual({ _id: "tenant-1", seq: 2 });
    const before = await sequences.findOneAndUpdate({ _id: "tenant-1" }, increment, { returnDocument: "before" });
    expect(before).toEqual({ _id: "tenant-1", seq: 2 });
    expect(await sequences.findOneAndUpdate({ _id: "missing" }, { $inc: { seq: 1 } })).toBeNull();
    expect(await sequences.findOneAndDelete({ _id: "tenant-1" })).toEqual({ _id: "tenant-1", seq: 3 });
    expect(await sequences.countDocuments({})).toBe(0);
  });

  it("deletes one and many", async () => {
    const logs = uniqueCollection("logs");
    await logs.insertMany(Array.from({ length: 10 }, (_, i) => ({ i, level: i < 6 ? "debug" : "info" })));
    expect(await logs.deleteOne({ level: "debug" })).toMatchObject({ deletedCount: 1 });
    expect(await logs.deleteMany({ level: "debug" })).toMatchObject({ deletedCount: 5 });
    expect(await logs.countDocuments({})).toBe(4);
  });

  it("creates, lists and drops collections", async () => {
    const scratch = uniqueCollection("scratch");
    await db.createCollection(scratch.collectionName);
    // Repeating create with the same options succeeds, as on mongod since SERVER-60064.
    await db.createCollection(scratch.collectionName);
    await scratch.insertOne({ a: 1 });
    expect((await db.admin().listDatabases()).databases.map((database) => database.name)).toContain(db.databaseName);
    const listed = await db.listCollections({ name: scratch.collectionName }).toArray();
    expect(listed.map((entry) => entry.name)).toEqual([scratch.collectionName]);
    expect(await scratch.drop()).toBe(true);
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((entry) => entry.name);
    expect(names).not.toContain(scratch.collectionName);
    expect(await scratch.countDocuments({})).toBe(0);
  });

  it("sends no reply to a w:0 write, so later replies on the connection stay in step", async () => {
    const single = new MongoClient(standin.uri, { maxPoolSize: 1 });
    try {
      const notes = single.db(db.databaseName).collection(`w0_${randomUUID().slice(0, 8)}`);
      await notes.insertOne({ marker: "before" });
      await notes.insertOne({ marker: "fire-and-forget" }, { writeConcern: { w: 0 } });
      expect(await notes.findOne({ marker: "before" }, { projection: { _id: 0 } })).toEqual({ marker: "before" });
      expect(await single.db("admin").command({ ping: 1 })).toMatchObject({ ok: 1 });
      expect(await notes.countDocuments({ marker: "fire-and-forget" })).toBe(1);
    } finally {
      await single.close();
    }
  });

  it("rejects a transaction like a standalone mongod", async () => {
    const ledger = uniqueCollection("ledger");
    const session = client.startSession();
    try {
      await expect(
        session.withTransaction(async () => {
          await ledger.insertOne({ entry: 1 }, { session });
        }),
      ).rejects.toThrow(/Transaction numbers|retryable writes/);
    } finally {
      await session.endSession();
    }
    expect(await ledger.countDocuments({})).toBe(0);
  });
});

describe("types and expiry", () => {
  it("round-trips Long, Int32, Double, Decimal128, Date and ObjectId unchanged", async () => {
    const typed = uniqueCollection("typed");
    const id = new ObjectId();
    const when = new Date("2026-03-01T12:34:56.789Z");
    await typed.insertOne({
      _id: id,
      big: Long.fromString("9007199254740993"),
      small: new Int32(7),
      ratio: new Double(2),
      money: Decimal128.fromString("1234.50"),
      when,
    });
    const raw = await typed.findOne({ _id: id }, { promoteValues: false });
    expect(raw?.big).toBeInstanceOf(Long);
    expect(String(raw?.big)).toBe("9007199254740993");
    expect(raw?.small).toBeInstanceOf(Int32);
    expect(raw?.ratio).toBeInstanceOf(Double);
    expect(raw?.money).toBeInstanceOf(Decimal128);
    expect(String(raw?.money)).toBe("1234.50");
    expect(raw?.when).toEqual(when);
    expect(raw?._id).toEqual(id);
    // Queries compare numbers across BSON types, and $inc keeps the stored type.
    expect(await typed.countDocuments({ small: 7, ratio: { $gte: 2 }, when: { $lte: new Date() } })).toBe(1);
    await typed.updateOne({ _id: id }, { $inc: { big: 1, small: 1 } });
    const after = await typed.findOne({ _id: id }, { promoteValues: false });
    expect(after?.big).toEqual(Long.fromString("9007199254740994"));
    expect(after?.small).toEqual(new Int32(8));
    // Projections and document-preserving pipelines return the stored types too.
    const projected = await typed.findOne({ _id: id }, { projection: { big: 1 }, promoteValues: false });
    expect(projected).toEqual({ _id: id, big: Long.fromString("9007199254740994") });
    const pipeline = [{ $match: { _id: id } }, { $limit: 1 }];
    const [matched] = await typed.aggregate(pipeline, { promoteValues: false }).toArray();
    expect(matched?.money).toEqual(Decimal128.fromString("1234.50"));
  });

  it("removes documents past their TTL date", async () => {
    const sessions = uniqueCollection("sessions");
    await sessions.createIndex({ expireAt: 1 }, { expireAfterSeconds: 0 });
    await sessions.insertMany([
      { name: "expired", expireAt: new Date(Date.now() - 1_000) },
      { name: "soon", expireAt: new Date(Date.now() + 300) },
      { name: "kept", expireAt: new Date(Date.now() + 60_000) },
      { name: "no-date" },
    ]);
    const isGone = async () => (await sessions.countDocuments({ name: { $in: ["expired", "soon"] } })) === 0;
    const expired = await waitFor(isGone, 3_000);
    expect(expired).toBe(true);
    expect((await sessions.find({}).toArray()).map((document) => document.name).sort()).toEqual(["kept", "no-date"]);
  });
});

describe("outage, volume and persistence", () => {
  it("lets the driver reconnect after stop() and start() on the same port, with the data kept", async () => {
    // A client of its own, so the outage fails fast (server selection gives up after 1 s).
    const outageClient = new MongoClient(standin.uri, { serverSelectionTimeoutMS: 1_000 });
    try {
      const outage = outageClient.db(db.databaseName).collection(`outage_${randomUUID().slice(0, 8)}`);
      await outage.insertOne({ before: true });
      await standin.stop();
      await expect(outage.findOne({})).rejects.toThrow();
      await standin.start();
      const recovered = await waitFor(async () => {
        try {
          return (await outage.countDocuments({ before: true })) === 1;
        } catch {
          return false;
        }
      }, 15_000);
      expect(recovered).toBe(true);
      await outage.insertOne({ after: true });
      expect(await outage.countDocuments({})).toBe(2);
    } finally {
      await outageClient.close();
    }
  });

  it("inserts 50,000 documents with a unique index in well under ten seconds", async () => {
    const bulk = uniqueCollection("bulk");
    await bulk.createIndex({ key: 1 }, { unique: true });
    const documents = Array.from({ length: 50_000 }, (_, i) => ({ key: `k-${i}`, tenantId: `t-${i % 50}`, n: i }));
    const startedAt = performance.now();
    const result = await bulk.insertMany(documents);
    const elapsedMs = performance.now() - startedAt;
    console.info(`mongo stand-in: insertMany of 50,000 documents with a unique index took ${Math.round(elapsedMs)} ms`);
    expect(result.insertedCount).toBe(50_000);
    expect(elapsedMs).toBeLessThan(10_000);
    await expect(bulk.insertOne({ key: "k-49999" })).rejects.toMatchObject({ code: 11000 });
    expect(await bulk.countDocuments({ tenantId: "t-7" })).toBe(1_000);
  }, 60_000);

  it("saves a snapshot on close and loads it on start, with types and indexes", async () => {
    const directory = await mkdtemp(join(tmpdir(), "mongo-standin-"));
    const snapshotPath = join(directory, "nested", "snapshot.json");
    try {
      const first = await startMongoStandin({ port: 0, snapshotPath });
      const writer = new MongoClient(first.uri);
      const id = new ObjectId();
      await writer.db("persisted").collection("things").createIndex({ code: 1 }, { unique: true });
      await writer.db("persisted").collection("things").insertOne({
        _id: id,
        code: "a",
        count: Long.fromNumber(5),
        at: new Date("2026-01-02T03:04:05.006Z"),
      });
      await writer.close();
      await first.close();
      expect(JSON.parse(await readFile(snapshotPath, "utf8"))).toMatchObject({ format: "mongo-standin-snapshot" });

      const second = await startMongoStandin({ port: 0, snapshotPath });
      const reader = new MongoClient(second.uri);
      try {
        const things = reader.db("persisted").collection("things");
        const loaded: Document | null = await things.findOne({ _id: id }, { promoteValues: false });
        expect(loaded?.count).toEqual(Long.fromNumber(5));
        expect(loaded?.at).toEqual(new Date("2026-01-02T03:04:05.006Z"));
        expect((await things.indexes()).map((index) => index.name)).toEqual(["_id_", "code_1"]);
        await expect(things.insertOne({ code: "a" })).rejects.toMatchObject({ code: 11000 });
      } finally {
        await reader.close();
        await second.close();
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
