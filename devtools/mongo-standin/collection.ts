// One collection: documents keyed by their canonical `_id`, secondary indexes, queries and TTL expiry.
import { BSON, EJSON, ObjectId, type Document } from "bson";
import { Query } from "mingo";
import { canonicalKey, comparableDocument, isNumeric, isPlainObject } from "./bson-values.ts";
import { CollectionIndex, normalizeIndexSpec, type IndexEntries } from "./collection-index.ts";
import { CommandError } from "./command-error.ts";
import { collectPathValues } from "./document-paths.ts";
import { MINGO_OPTIONS } from "./mingo-options.ts";
import { orderRecords } from "./record-order.ts";

/**
 * A stored document. `raw` is its BSON exactly as it will be sent back (types preserved, and every
 * read decodes a private copy, so cursors and updates never share objects); `view` is the
 * comparable form mingo evaluates filters against. Records are replaced, never changed in place.
 */
export interface StoredRecord {
  readonly idKey: string;
  readonly raw: Buffer;
  readonly view: Document;
}

export interface FindOptions {
  sort?: Document;
  skip?: number;
  /** 0 = no limit. */
  limit?: number;
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

function makeRecord(document: Document): StoredRecord {
  const view = comparableDocument(document);
  const bytes = BSON.serialize(document);
  // serialize() already returns a fresh copy; wrap it instead of copying again.
  return { idKey: canonicalKey(view._id), raw: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), view };
}

/** Index keys for an equality condition on a plain value (or `$eq`/`$in` of them), else undefined. */
function equalityKeys(condition: unknown): string[] | undefined {
  const isLookupValue = (value: unknown): boolean =>
    typeof value === "string" ||
    typeof value === "boolean" ||
    isNumeric(value) ||
    value instanceof Date ||
    value instanceof ObjectId;
  if (isLookupValue(condition)) return [canonicalKey(condition)];
  if (!isPlainObject(condition)) return undefined;
  const operators = Object.keys(condition);
  if (operators.length !== 1) return undefined;
  if (operators[0] === "$eq" && isLookupValue(condition.$eq)) return [canonicalKey(condition.$eq)];
  const values: unknown = condition.$in;
  if (operators[0] === "$in" && Array.isArray(values) && values.every(isLookupValue)) return values.map(canonicalKey);
  return undefined;
}

export class Collection {
  readonly records = new Map<string, StoredRecord>();
  readonly #indexes = new Map<string, CollectionIndex>();
  readonly #markChanged: () => void;

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
    const record = makeRecord(document);
    if (this.records.has(record.idKey)) {
      const shown = EJSON.stringify({ _id: document._id }, { relaxed: true });
      const message = `E11000 duplicate key error collection: ${this.ns} index: _id_ dup key: ${shown}`;
      throw new CommandError("DuplicateKey", message, { keyPattern: { _id: 1 }, keyValue: { _id: document._id } });
    }
    const entries = this.#entries(record.view);
    this.#assertUnique(entries, record.idKey, document);
    this.records.set(record.idKey, record);
    for (const [index, indexEntries] of entries) index.add(record.idKey, indexEntries);
    this.#markChanged();
    return record;
  }

  /** Stores the updated document; `modified` is false when its bytes did not change. */
  replace(previous: StoredRecord, document: Document): { record: StoredRecord; modified: boolean } {
    // A missing _id (e.g. `$unset: {_id: ""}`) is a change of _id too; withIdFirst must not invent one.
    const record = makeRecord(document._id === undefined ? document : withIdFirst(document));
    if (document._id === undefined || record.idKey !== previous.idKey) {
      const message = "Performing an update on the path '_id' would modify the immutable field '_id'";
      throw new CommandError("ImmutableField", message);
    }
    if (record.raw.equals(previous.raw)) return { record: previous, modified: false };
    const before = this.#entries(previous.view);
    const after = this.#entries(record.view);
    this.#assertUnique(after, record.idKey, document);
    for (const [index, indexEntries] of after) {
      index.update(record.idKey, before.get(index) ?? indexEntries, indexEntries);
    }
    this.records.set(record.idKey, record);
    this.#markChanged();
    return { record, modified: true };
  }

  remove(record: StoredRecord): void {
    if (this.records.get(record.idKey) !== record) return;
    for (const [index, indexEntries] of this.#entries(record.view)) index.remove(record.idKey, indexEntries);
    this.records.delete(record.idKey);
    this.#markChanged();
  }

  /** The smallest set of documents that can match: an `_id` lookup, an index's leading value, or all. */
  #candidates(filter: Document): Iterable<StoredRecord> {
    const fromIds = (idKeys: Iterable<string>): StoredRecord[] => {
      const found: StoredRecord[] = [];
      for (const idKey of idKeys) {
        const record = this.records.get(idKey);
        if (record) found.push(record);
      }
      return found;
    };
    const idKeys = Object.hasOwn(filter, "_id") ? equalityKeys(filter._id) : undefined;
    if (idKeys) return fromIds(new Set(idKeys));
    let best: Set<string> | undefined;
    for (const index of this.#indexes.values()) {
      const leading = index.fields[0]?.path;
      if (!index.canNarrow || leading === undefined || !Object.hasOwn(filter, leading)) continue;
      const keys = equalityKeys(filter[leading]);
      if (!keys) continue;
      const ids = new Set<string>();
      for (const key of keys) for (const id of index.idsWithLeadingKey(key)) ids.add(id);
      if (!best || ids.size < best.size) best = ids;
    }
    return best ? fromIds(best) : this.records.values();
  }

  find(filter: Document, options: FindOptions = {}): StoredRecord[] {
    const view = comparableDocument(filter);
    const query = Object.keys(view).length > 0 ? new Query(view, MINGO_OPTIONS) : undefined;
    const skip = options.skip ?? 0;
    const limit = options.limit ?? 0;
    const hasSort = options.sort !== undefined && Object.keys(options.sort).length > 0;
    const matched: StoredRecord[] = [];
    for (const record of this.#candidates(filter)) {
      if (query && !query.test(record.view)) continue;
      matched.push(record);
      // Without a sort the first skip+limit matches in natural order are the answer.
      if (!hasSort && limit > 0 && matched.length >= skip + limit) break;
    }
    return orderRecords(matched, options.sort, skip, limit);
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
      index.add(record.idKey, entries);
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
      const limitMs = (index.ttlSeconds ?? 0) * 1000;
      const parts = index.fields[0]?.parts ?? [];
      // Deleting the current entry while iterating a Map is safe in JavaScript.
      for (const record of this.records.values()) {
        const dates = collectPathValues(record.view, parts)
          .flatMap((value) => (Array.isArray(value) ? value : [value]))
          .filter((value): value is Date => value instanceof Date);
        if (dates.length === 0) continue;
        const earliest = Math.min(...dates.map((date) => date.getTime()));
        if (earliest + limitMs <= now) {
          this.remove(record);
          removed += 1;
        }
      }
    }
    return removed;
  }
}
