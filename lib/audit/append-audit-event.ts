import { setTimeout as sleep } from "node:timers/promises";
import { MongoServerError } from "mongodb";
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

/** A duplicate-key error on the index over (tenantId, field). */
function isDuplicateOn(error: unknown, field: "seq" | "id"): boolean {
  if (!(error instanceof MongoServerError) || error.code !== 11000) return false;
  const keyPattern: unknown = error.keyPattern;
  if (keyPattern !== null && typeof keyPattern === "object") return Object.keys(keyPattern).join(",") === `tenantId,${field}`;
  const index = field === "seq" ? "tenant_seq_unique" : "tenant_event_id_unique";
  return error.message.includes(`index: ${index} `);
}

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
        if (isDuplicateOn(error, "id")) return "already_stored";
        if (!isDuplicateOn(error, "seq")) throw error;
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

  return {
    append(event) {
      const previous = queues.get(event.tenantId) ?? Promise.resolve();
      const run = previous.then(() => appendNow(event));
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      queues.set(event.tenantId, settled);
      void settled.then(() => {
        if (queues.get(event.tenantId) === settled) queues.delete(event.tenantId);
      });
      return run;
    },
  };
}

const defaultWriter = createAuditChainWriter();

/** Appends an event to its tenant's chain through this process's writer. */
export function appendAuditEvent(event: UnchainedAuditEvent): Promise<AppendOutcome> {
  return defaultWriter.append(event);
}
