import { setTimeout as sleep } from "node:timers/promises";
import { MongoBulkWriteError, MongoServerError } from "mongodb";
import { GENESIS_HASH, type AuditEventDocument, type UnchainedAuditEvent } from "./audit-event";
import { auditCollections, type AuditCollections } from "./audit-collections";
import { hashAuditEvent } from "./hash-audit-event";

// Appending to a tenant's chain without transactions (a standalone MongoDB and the local stand-in
// have none): the appender reads the chain's head, builds event seq+1 on it and inserts it. The
// unique (tenantId, seq) index lets exactly one concurrent appender win each position; a loser
// re-reads the head and tries the next one. Inside one process, appends for a tenant also queue
// behind each other and keep the head in memory, so the usual case is one insert and no conflict.
// The unique (tenantId, id) index makes every append idempotent by event id.

const MAX_ATTEMPTS = 200;
const MAX_CACHED_HEADS = 10_000;

export type AppendOutcome = "appended" | "already_stored";

interface Head {
  seq: number;
  hash: string;
  expireAt: Date | null;
}

const EMPTY_HEAD: Head = { seq: 0, hash: GENESIS_HASH, expireAt: null };

interface KeyError {
  code?: unknown;
  keyPattern?: unknown;
  message?: string;
}

/** A duplicate-key error (a command's, or one write error of a batch) on the index over (tenantId, field). */
function isDuplicateOn(error: KeyError, field: "seq" | "id"): boolean {
  if (error.code !== 11000) return false;
  const { keyPattern } = error;
  if (keyPattern !== null && typeof keyPattern === "object") return Object.keys(keyPattern).join(",") === `tenantId,${field}`;
  const index = field === "seq" ? "tenant_seq_unique" : "tenant_event_id_unique";
  return (error.message ?? "").includes(`index: ${index} `);
}

/** The KeyError of a command that failed, if it is a server error. */
const keyErrorOf = (error: unknown): KeyError => (error instanceof MongoServerError ? error : {});

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/** The chained document: the event at seq+1 after `head`, with its hash. */
export function chainAuditEvent(event: UnchainedAuditEvent, head: Head): AuditEventDocument {
  const unhashed = { ...event, seq: head.seq + 1, prevHash: head.hash, prevExpireAt: head.expireAt };
  return { ...unhashed, hash: hashAuditEvent(unhashed) };
}

/**
 * The head to build on: the latest stored event, or the recorded chain head if that is further
 * on (the tail was deleted; building on the record keeps the deletion visible to verification).
 */
async function loadHead({ events, heads }: AuditCollections, tenantId: string): Promise<Head> {
  const [latest, recorded] = await Promise.all([
    events.find({ tenantId }, { projection: { _id: 0, seq: 1, hash: 1, expireAt: 1 } }).sort({ seq: -1 }).limit(1).next(),
    heads.findOne({ _id: tenantId }),
  ]);
  const candidates = [latest, recorded].filter((head): head is NonNullable<typeof head> => head !== null);
  const best = candidates.sort((a, b) => b.seq - a.seq)[0];
  return best ? { seq: best.seq, hash: best.hash, expireAt: best.expireAt } : EMPTY_HEAD;
}

/** loadHead for many tenants in two queries (a batch's tenants whose heads are not in memory). */
async function loadHeads({ events, heads }: AuditCollections, tenantIds: string[]): Promise<Map<string, Head>> {
  const loaded = new Map<string, Head>(tenantIds.map((tenantId) => [tenantId, EMPTY_HEAD]));
  if (tenantIds.length === 0) return loaded;
  const [latest, recorded] = await Promise.all([
    // The newest event per tenant; on the (tenantId, seq) index MongoDB answers this without a scan.
    events.aggregate<{ _id: string } & Head>([
      { $match: { tenantId: { $in: tenantIds } } },
      { $sort: { tenantId: 1, seq: -1 } },
      { $group: { _id: "$tenantId", seq: { $first: "$seq" }, hash: { $first: "$hash" }, expireAt: { $first: "$expireAt" } } },
    ]).toArray(),
    heads.find({ _id: { $in: tenantIds } }).toArray(),
  ]);
  for (const head of [...latest, ...recorded]) {
    if (head.seq > loaded.get(head._id)!.seq) loaded.set(head._id, { seq: head.seq, hash: head.hash, expireAt: head.expireAt ?? null });
  }
  return loaded;
}

/** Moves the recorded head forward (never back); losing a race to a later head is fine. */
async function advanceHead({ heads }: AuditCollections, tenantId: string, head: Head): Promise<void> {
  try {
    await heads.updateOne({ _id: tenantId, seq: { $lt: head.seq } }, { $set: { ...head } }, { upsert: true });
  } catch (error) {
    // The filter missed because the head is already further on, and the upsert hit the _id.
    if (!isDuplicateKey(error)) throw error;
  }
}

export interface AuditChainWriter {
  /** Appends the event to its tenant's chain, or finds it already there (same tenant and id). */
  append(event: UnchainedAuditEvent): Promise<AppendOutcome>;
  /**
   * Appends many events of any tenants, each tenant's in the order given, in a few round trips:
   * one insert per wave (the first event of every tenant, then the second, ...) and one head update.
   * The outcome of each event, in order; an event that could not be stored is a rejection.
   */
  appendMany(events: UnchainedAuditEvent[]): Promise<PromiseSettledResult<AppendOutcome>[]>;
}

/** A chain writer with its own in-memory heads and queues (one per process; tests make more). */
export function createAuditChainWriter(): AuditChainWriter {
  const cachedHeads = new Map<string, Head>();
  const queues = new Map<string, Promise<unknown>>();

  function remember(tenantId: string, head: Head): void {
    cachedHeads.delete(tenantId);
    if (cachedHeads.size >= MAX_CACHED_HEADS) cachedHeads.delete(cachedHeads.keys().next().value!);
    cachedHeads.set(tenantId, head);
  }

  async function appendNow(event: UnchainedAuditEvent): Promise<AppendOutcome> {
    const collections = await auditCollections();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const head = cachedHeads.get(event.tenantId) ?? (await loadHead(collections, event.tenantId));
      const document = chainAuditEvent(event, head);
      try {
        // A copy: the driver adds _id to the object it is given.
        await collections.events.insertOne({ ...document });
      } catch (error) {
        cachedHeads.delete(event.tenantId);
        if (isDuplicateOn(keyErrorOf(error), "id")) return "already_stored";
        if (!isDuplicateOn(keyErrorOf(error), "seq")) throw error;
        // Another process took this position; spread retries out so they stop colliding.
        await sleep(Math.random() * Math.min(50, 2 * (attempt + 1)));
        continue;
      }
      const newHead = { seq: document.seq, hash: document.hash, expireAt: document.expireAt };
      remember(event.tenantId, newHead);
      await advanceHead(collections, event.tenantId, newHead).catch((error: unknown) => {
        // The event is stored; the head only lags, and the next append moves it on.
        console.warn("[audit] chain head not advanced", error);
      });
      return "appended";
    }
    throw new Error(`audit chain of tenant ${event.tenantId}: no free position after ${MAX_ATTEMPTS} attempts`);
  }

  /** Runs `work` once the earlier appends of these tenants are done; later appends of theirs wait for it. */
  function queued<T>(tenantIds: string[], work: () => Promise<T>): Promise<T> {
    const previous = Promise.all(tenantIds.map((tenantId) => queues.get(tenantId)));
    const run = previous.then(work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    for (const tenantId of tenantIds) {
      queues.set(tenantId, settled);
      void settled.then(() => {
        if (queues.get(tenantId) === settled) queues.delete(tenantId);
      });
    }
    return run;
  }

  async function appendManyNow(events: UnchainedAuditEvent[]): Promise<PromiseSettledResult<AppendOutcome>[]> {
    const collections = await auditCollections();
    const outcomes = new Array<PromiseSettledResult<AppendOutcome>>(events.length);
    const chains = new Map<string, number[]>();
    events.forEach((event, index) => chains.set(event.tenantId, [...(chains.get(event.tenantId) ?? []), index]));
    // Heads not in memory are read as a single append reads them (the later of the recorded head and
    // the newest stored event), for all of them in two queries. A head that moves meanwhile (another process) loses its
    // insert on the unique (tenantId, seq) index below, and that tenant goes the careful way.
    const unknown = [...chains.keys()].filter((tenantId) => !cachedHeads.has(tenantId));
    const loaded = await loadHeads(collections, unknown);
    const heads = new Map([...chains.keys()].map((tenantId) => [tenantId, cachedHeads.get(tenantId) ?? loaded.get(tenantId)!]));
    const careful = new Map<string, number[]>();
    const advanced = new Set<string>();
    for (let wave = 0; ; wave++) {
      const batch = [...chains].flatMap(([tenantId, indexes]) => {
        const index = indexes[wave];
        return index !== undefined && !careful.has(tenantId) ? [index] : [];
      });
      if (batch.length === 0) break;
      const documents = batch.map((index) => chainAuditEvent(events[index]!, heads.get(events[index]!.tenantId)!));
      const failedAt = new Map<number, KeyError>();
      try {
        // Copies: the driver adds _id to the objects it is given.
        await collections.events.insertMany(documents.map((document) => ({ ...document })), { ordered: false });
      } catch (error) {
        if (!(error instanceof MongoBulkWriteError)) throw error;
        const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
        for (const writeError of writeErrors) failedAt.set(writeError.index, { code: writeError.code, keyPattern: writeError.err.keyPattern, message: writeError.errmsg });
      }
      documents.forEach((document, position) => {
        const index = batch[position]!;
        const { tenantId } = document;
        const failure = failedAt.get(position);
        if (!failure) {
          outcomes[index] = { status: "fulfilled", value: "appended" };
          heads.set(tenantId, { seq: document.seq, hash: document.hash, expireAt: document.expireAt });
          advanced.add(tenantId);
          return;
        }
        // This tenant's remaining events (this one included, unless it is already stored) go one by one.
        cachedHeads.delete(tenantId);
        const rest = chains.get(tenantId)!.slice(wave + (isDuplicateOn(failure, "id") ? 1 : 0));
        if (isDuplicateOn(failure, "id")) outcomes[index] = { status: "fulfilled", value: "already_stored" };
        else if (!isDuplicateOn(failure, "seq")) {
          outcomes[index] = { status: "rejected", reason: new Error(failure.message ?? "audit insert failed") };
          rest.shift();
        }
        careful.set(tenantId, rest);
      });
    }
    for (const tenantId of advanced) if (!careful.has(tenantId)) remember(tenantId, heads.get(tenantId)!);
    if (advanced.size > 0) {
      await collections.heads.bulkWrite(
        [...advanced].map((tenantId) => ({ updateOne: { filter: { _id: tenantId, seq: { $lt: heads.get(tenantId)!.seq } }, update: { $set: { ...heads.get(tenantId)! } }, upsert: true } })),
        { ordered: false },
      ).catch((error: unknown) => {
        // Duplicate keys are heads already further on; anything else only makes a head lag, and the next append moves it on.
        const writeErrors = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [];
        if (writeErrors.length === 0 || writeErrors.some((writeError) => writeError.code !== 11000)) console.warn("[audit] chain heads not advanced", error);
      });
    }
    for (const indexes of careful.values()) {
      for (const index of indexes) {
        outcomes[index] = await appendNow(events[index]!).then(
          (value): PromiseFulfilledResult<AppendOutcome> => ({ status: "fulfilled", value }),
          (reason: unknown): PromiseRejectedResult => ({ status: "rejected", reason }),
        );
      }
    }
    return outcomes;
  }

  return {
    append(event) {
      return queued([event.tenantId], () => appendNow(event));
    },
    appendMany(events) {
      if (events.length === 0) return Promise.resolve([]);
      return queued([...new Set(events.map((event) => event.tenantId))], () => appendManyNow(events));
    },
  };
}

const defaultWriter = createAuditChainWriter();

/** Appends an event to its tenant's chain through this process's writer. */
export function appendAuditEvent(event: UnchainedAuditEvent): Promise<AppendOutcome> {
  return defaultWriter.append(event);
}

/** Appends many events (any tenants) through this process's writer; see AuditChainWriter.appendMany. */
export function appendAuditEvents(events: UnchainedAuditEvent[]): Promise<PromiseSettledResult<AppendOutcome>[]> {
  return defaultWriter.appendMany(events);
}
