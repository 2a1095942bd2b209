// Server-side cursors for find/aggregate/listIndexes/listCollections results larger than one batch.
import { BSON, Long, type Document } from "bson";
import { CommandError } from "./command-error.ts";
import { MAX_BSON_OBJECT_BYTES } from "./wire.ts";

/** A result set rendered one document at a time, so a cursor over 1M documents decodes only what is sent. */
export interface BatchSource {
  readonly size: number;
  render(index: number): Document;
}

interface OpenCursor {
  readonly id: Long;
  readonly ns: string;
  readonly source: BatchSource;
  position: number;
  lastUsed: number;
}

// mongod's defaults: 101 documents in a first batch, getMore bounded by the reply size only.
const DEFAULT_FIRST_BATCH = 101;
// A reply is one BSON document, so a batch must leave room under 16 MB for the envelope.
const BATCH_BYTE_BUDGET = MAX_BSON_OBJECT_BYTES - 64 * 1024;
const IDLE_CURSOR_MS = 10 * 60 * 1000;

export function sourceOf(documents: Document[]): BatchSource {
  return { size: documents.length, render: (index) => documents[index] as Document };
}

export class CursorRegistry {
  readonly #cursors = new Map<string, OpenCursor>();
  #nextId = 1 + Math.floor(Math.random() * 1_000_000_000);

  #take(source: BatchSource, from: number, maxDocuments: number): Document[] {
    const batch: Document[] = [];
    let bytes = 0;
    for (let index = from; index < source.size && batch.length < maxDocuments; index += 1) {
      const document = source.render(index);
      const size = BSON.calculateObjectSize(document);
      if (batch.length > 0 && bytes + size > BATCH_BYTE_BUDGET) break;
      batch.push(document);
      bytes += size;
    }
    return batch;
  }

  /**
   * `{cursor: {firstBatch, id, ns}}`. The id is an int64, 0 when everything fit (the driver then
   * sends no getMore); singleBatch (or a negative limit) never leaves a cursor open.
   */
  open(ns: string, source: BatchSource, options: { batchSize?: number; singleBatch?: boolean } = {}): Document {
    const batchSize = options.batchSize ?? DEFAULT_FIRST_BATCH;
    const firstBatch = this.#take(source, 0, batchSize);
    let id = Long.ZERO;
    if (firstBatch.length < source.size && !options.singleBatch) {
      id = Long.fromNumber(this.#nextId);
      this.#nextId += 1;
      this.#cursors.set(id.toString(), { id, ns, source, position: firstBatch.length, lastUsed: Date.now() });
    }
    return { cursor: { firstBatch, id, ns }, ok: 1 };
  }

  getMore(cursorId: unknown, batchSize: number | undefined): Document {
    const key = cursorId instanceof Long ? cursorId.toString() : String(cursorId);
    const cursor = this.#cursors.get(key);
    if (!cursor) throw new CommandError("CursorNotFound", `cursor id ${key} not found`);
    const nextBatch = this.#take(cursor.source, cursor.position, batchSize && batchSize > 0 ? batchSize : Infinity);
    cursor.position += nextBatch.length;
    cursor.lastUsed = Date.now();
    const exhausted = cursor.position >= cursor.source.size;
    if (exhausted) this.#cursors.delete(key);
    return { cursor: { nextBatch, id: exhausted ? Long.ZERO : cursor.id, ns: cursor.ns }, ok: 1 };
  }

  /** killCursors: the driver sends it when a loop over a cursor ends early. */
  kill(ids: unknown[]): Document {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) {
      const long = id instanceof Long ? id : Long.fromNumber(Number(id));
      (this.#cursors.delete(long.toString()) ? killed : notFound).push(long);
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  get openCount(): number {
    return this.#cursors.size;
  }

  /** Cursors idle for 10 minutes are closed, as mongod's cursorTimeoutMillis does. */
  expireIdle(now: number): void {
    for (const [key, cursor] of this.#cursors) if (now - cursor.lastUsed > IDLE_CURSOR_MS) this.#cursors.delete(key);
  }

  clear(): void {
    this.#cursors.clear();
  }
}
