// One collection: documents keyed by their canonical `_id`, secondary indexes, queries and TTL expiry.
import { BSON, EJSON, ObjectId, type Document } from "bson";
import { Query } from "mingo";
import { canonicalKey, comparableDocument, isPlainObject } from "./bson-values.ts";
import { CollectionIndex, normalizeIndexSpec, type IndexEntries } from "./collection-index.ts";
import { CommandError } from "./command-error.ts";
import { equalityKeys, planQuery, type IndexWalk, type QueryPlan } from "./index-plan.ts";
import { MINGO_OPTIONS } from "./mingo-options.ts";
import { orderRecords, parseSort } from "./record-order.ts";

/**
 * A stored document. `raw` is its BSON exactly as it will be sent back (types preserved, and every
 * read decodes a private copy, so cursors and updates never share objects). Records are replaced,
 * never changed in place.
 */
export class StoredRecord {
  constructor(
    readonly idKey: string,
    readonly raw: Buffer,
    /** Natural order: set at insert, kept by updates (the order of `Collection.records`). */
    readonly position: number,
  ) {}

  /**
   * The comparable form mingo evaluates filters against, decoded when asked for. Keeping one per
   * document (~30 objects each) made a 1M-document collection take ~4 GB and its garbage
   * collections pause for seconds; index walks and narrowed candidates decode only what they test.
   */
  get view(): Document {
    return comparableDocument(decodeRecord(this));
  }
}

export interface FindOptions {
  sort?: Document;
  skip?: number;
  /** 0 = no limit. */
  limit?: number;
  /** The caller only counts: matches need not come back in natural order. */
  anyOrder?: boolean;
}

const ID_INDEX_SPEC: Document = { v: 2, key: { _id: 1 }, name: "_id_" };

/** Decodes stored BSON with numbers kept as their BSON types. */
export function decodeRecord(record: StoredRecord): Document {
  return BSON.deserialize(record.raw, { promoteValues: false });
}

/** `_id` first, generated when missing, as mongod stores it. */
function withIdFirst(document: Document): Document {
  const id: unknown = document._id === undefined ? new ObjectId() : document._id;
  if (Array.isArray(id)) throw new CommandError("BadValue", "can't use an array for _id");
  if (id instanceof RegExp) throw new CommandError("BadValue", "can't use a regex for _id");
  for (const key in document) {
    if (key === "_id") return document;
    break;
  }
  const rest: Document = {};
  for (const key of Object.keys(document)) if (key !== "_id") rest[key] = document[key];
  return { _id: id, ...rest };
}

/** The record and the comparable view it was made from (index keys are computed from that). */
function makeRecord(document: Document, position: number): { record: StoredRecord; view: Document } {
  const view = comparableDocument(document);
  const bytes = BSON.serialize(document);
  // serialize() already returns a fresh copy; wrap it instead of copying again.
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { record: new StoredRecord(canonicalKey(view._id), raw, position), view };
}

const byPosition = (a: StoredRecord, b: StoredRecord): number => a.position - b.position;

export class Collection {
  readonly records = new Map<string, StoredRecord>();
  readonly #indexes = new Map<string, CollectionIndex>();
  readonly #markChanged: () => void;
  #nextPosition = 0;

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Document,
    markChanged: () => void,
  ) {
    this.#markChanged = markChanged;
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get indexSpecs(): Document[] {
    return [ID_INDEX_SPEC, ...[...this.#indexes.values()].map((index) => index.spec)];
  }

  get ttlIndexes(): CollectionIndex[] {
    return [...this.#indexes.values()].filter((index) => index.ttlSeconds !== undefined);
  }

  #entries(view: Document): Map<CollectionIndex, IndexEntries> {
    const entries = new Map<CollectionIndex, IndexEntries>();
    for (const index of this.#indexes.values()) entries.set(index, index.entriesFor(view));
    return entries;
  }

  #assertUnique(entries: Map<CollectionIndex, IndexEntries>, idKey: string, typed: Document): void {
    for (const [index, indexEntries] of entries) {
      if (index.isUnique && index.conflictingOwner(indexEntries, idKey) !== undefined) {
        throw index.duplicateError(this.ns, typed);
      }
    }
  }

  insert(input: Document): StoredRecord {
    const document = withIdFirst(input);
    const { record, view } = makeRecord(document, this.#nextPosition);
    if (this.records.has(record.idKey)) {
      const shown = EJSON.stringify({ _id: document._id }, { relaxed: true });
      const message = `E11000 duplicate key error collection: ${this.ns} index: _id_ dup key: ${shown}`;
      throw new CommandError("DuplicateKey", message, { keyPattern: { _id: 1 }, keyValue: { _id: document._id } });
    }
    const entries = this.#entries(view);
    this.#assertUnique(entries, record.idKey, document);
    this.records.set(record.idKey, record);
    this.#nextPosition += 1;
    for (const [index, indexEntries] of entries) index.add(record.idKey, record.position, indexEntries);
    this.#markChanged();
    return record;
  }

  /** Stores the updated document; `modified` is false when its bytes did not change. */
  replace(previous: StoredRecord, document: Document): { record: StoredRecord; modified: boolean } {
    // A missing _id (e.g. `$unset: {_id: ""}`) is a change of _id too; withIdFirst must not invent one.
    const { record, view } = makeRecord(document._id === undefined ? document : withIdFirst(document), previous.position);
    if (document._id === undefined || record.idKey !== previous.idKey) {
      const message = "Performing an update on the path '_id' would modify the immutable field '_id'";
      throw new CommandError("ImmutableField", message);
    }
    if (record.raw.equals(previous.raw)) return { record: previous, modified: false };
    const before = this.#entries(previous.view);
    const after = this.#entries(view);
    this.#assertUnique(after, record.idKey, document);
    for (const [index, indexEntries] of after) {
      index.update(record.idKey, record.position, before.get(index) ?? indexEntries, indexEntries);
    }
    this.records.set(record.idKey, record);
    this.#markChanged();
    return { record, modified: true };
  }

  remove(record: StoredRecord): void {
    if (this.records.get(record.idKey) !== record) return;
    for (const [index, indexEntries] of this.#entries(record.view)) index.remove(record.idKey, record.position, indexEntries);
    this.records.delete(record.idKey);
    this.#markChanged();
  }

  find(filter: Document, options: FindOptions = {}): StoredRecord[] {
    const view = comparableDocument(filter);
    const skip = options.skip ?? 0;
    const limit = options.limit ?? 0;
    const sortKeys = parseSort(options.sort);
    // An `_id` lookup beats any index; the `_id` map is the records map itself.
    const idKeys = Object.hasOwn(view, "_id") ? equalityKeys(view._id) : undefined;
    const plan: QueryPlan | undefined = idKeys
      ? { kind: "ids", size: idKeys.length, isExact: false, idKeys: () => new Set(idKeys) }
      : planQuery(this.#indexes.values(), view, sortKeys, limit > 0 ? skip + limit : 0);
    // Testing a document decodes it; a plan that only holds matches spares that.
    const query = Object.keys(view).length > 0 && !plan?.isExact ? new Query(view, MINGO_OPTIONS) : undefined;
    if (plan?.kind === "walk") return this.#walk(plan, query, skip, limit);
    let candidates: Iterable<StoredRecord> = this.records.values();
    if (plan) {
      const found: StoredRecord[] = [];
      for (const idKey of plan.idKeys()) {
        const record = this.records.get(idKey);
        if (record) found.push(record);
      }
      // The same documents in the same order as a collection scan would meet them.
      candidates = options.anyOrder ? found : found.sort(byPosition);
    }
    const matched: StoredRecord[] = [];
    for (const record of candidates) {
      if (query && !query.test(record.view)) continue;
      matched.push(record);
      // Without a sort the first skip+limit matches in natural order are the answer.
      if (sortKeys.length === 0 && limit > 0 && matched.length >= skip + limit) break;
    }
    return orderRecords(matched, options.sort, skip, limit);
  }

  /** How find would look for these documents (tests and benchmarks check the plan, not just the answer). */
  describePlan(filter: Document, options: FindOptions = {}): { kind: "ids" | "walk" | "scan"; size: number } {
    const view = comparableDocument(filter);
    const wanted = (options.limit ?? 0) > 0 ? (options.skip ?? 0) + (options.limit ?? 0) : 0;
    const plan = planQuery(this.#indexes.values(), view, parseSort(options.sort), wanted);
    return plan ? { kind: plan.kind, size: plan.size } : { kind: "scan", size: this.records.size };
  }

  /**
   * Walks an index range in sort order, testing each document against the whole filter, until
   * skip+limit match. Documents whose sort values tie come back in natural order, as from the
   * stable in-memory sort, so the answer is the one a collection scan gives.
   */
  #walk(plan: IndexWalk, query: Query | undefined, skip: number, limit: number): StoredRecord[] {
    const wanted = limit > 0 ? skip + limit : Infinity;
    const output: StoredRecord[] = [];
    let tie: StoredRecord[] = [];
    let tieKey: unknown[] | undefined;
    const flush = (): void => {
      if (tie.length > 1) tie.sort(byPosition);
      for (const record of tie) output.push(record);
      tie = [];
    };
    for (const entry of plan.entries()) {
      const record = this.records.get(entry.idKey);
      if (!record || (query && !query.test(record.view))) continue;
      if (tieKey !== undefined && plan.isTie(tieKey, entry.key)) {
        tie.push(record);
        continue;
      }
      flush();
      if (output.length >= wanted) break;
      tie.push(record);
      tieKey = entry.key;
    }
    flush();
    return limit > 0 ? output.slice(skip, skip + limit) : output.slice(skip);
  }

  /** Creates the index; false when an identical one exists. Existing duplicates abort a unique build. */
  createIndex(input: Document): boolean {
    const spec = normalizeIndexSpec(input);
    const key = spec.key as Document;
    const name = String(spec.name);
    if (name === "_id_" || canonicalKey(key) === canonicalKey(ID_INDEX_SPEC.key)) return false;
    const existing = this.#indexes.get(name);
    if (existing) {
      if (existing.sameSpecAs(spec)) return false;
      if (canonicalKey(existing.keyPattern) !== canonicalKey(key)) {
        const message = `An existing index has the same name as the requested index but different keys: ${name}`;
        throw new CommandError("IndexKeySpecsConflict", message);
      }
      const message = `An existing index has the same name as the requested index but different options: ${name}`;
      throw new CommandError("IndexOptionsConflict", message);
    }
    for (const other of this.#indexes.values()) {
      if (canonicalKey(other.keyPattern) === canonicalKey(key)) {
        throw new CommandError("IndexOptionsConflict", `Index already exists with a different name: ${other.name}`);
      }
    }
    const index = new CollectionIndex(spec);
    for (const record of this.records.values()) {
      const entries = index.entriesFor(record.view);
      if (index.isUnique && index.conflictingOwner(entries, record.idKey) !== undefined) {
        throw index.duplicateError(this.ns, decodeRecord(record));
      }
      index.add(record.idKey, record.position, entries);
    }
    this.#indexes.set(name, index);
    this.#markChanged();
    return true;
  }

  /** Drops by name or by key pattern; "*" drops every index but `_id_`. */
  dropIndex(target: unknown): void {
    if (target === "*") {
      this.#indexes.clear();
      this.#markChanged();
      return;
    }
    const byKey = isPlainObject(target)
      ? [...this.#indexes.values()].find((index) => canonicalKey(index.keyPattern) === canonicalKey(target))
      : undefined;
    const name = typeof target === "string" ? target : byKey?.name;
    if (name === "_id_" || (isPlainObject(target) && canonicalKey(target) === canonicalKey(ID_INDEX_SPEC.key))) {
      throw new CommandError("InvalidOptions", "cannot drop _id index");
    }
    if (name === undefined || !this.#indexes.delete(name)) {
      throw new CommandError("IndexNotFound", `index not found with name [${String(name ?? EJSON.stringify(target))}]`);
    }
    this.#markChanged();
  }

  /** Removes documents whose TTL date (the earliest, for an array of dates) is older than expireAfterSeconds. */
  expire(now: number): number {
    let removed = 0;
    for (const index of this.ttlIndexes) {
      for (const idKey of index.expiredIds(now)) {
        const record = this.records.get(idKey);
        if (!record) continue;
        this.remove(record);
        removed += 1;
      }
    }
    return removed;
  }
}
