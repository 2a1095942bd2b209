// One index of a collection. Unique indexes are enforced through a hash map from the canonical key
// to the owning document (a linear scan per insert made a 50k-document insertMany take 17 s).
// Every full index also maps its leading field's values to documents, so equality filters on that
// field (`{tenantId: …}`) look at that tenant's documents only. In a compound index each of those
// buckets is kept sorted by the remaining fields (in the index's directions, then natural order),
// so a query can seek into it and walk it in sort order (see index-plan.ts). A TTL index keeps its
// documents ordered by expiry, so the monitor only looks at what has expired.
import { EJSON, type Document } from "bson";
import { Query } from "mingo";
import { canonicalKey, comparableDocument, isPlainObject, numericValue, optionFlag } from "./bson-values.ts";
import { CommandError } from "./command-error.ts";
import { collectPathValues, getPath, splitPath } from "./document-paths.ts";
import { MINGO_OPTIONS } from "./mingo-options.ts";
import { compareValues } from "./record-order.ts";
import { SortedEntries } from "./sorted-entries.ts";

export interface IndexField {
  path: string;
  parts: string[];
  direction: unknown;
}

export interface IndexEntries {
  /** Full keys of a unique index; empty when the document is not in the index (sparse/partial). */
  uniqueKeys: string[];
  /** Keys of the leading field's values (one per array element plus the whole array). */
  leadingKeys: string[];
  /** A compound index's other fields' values (null when missing), or undefined when one is an array. */
  tail: unknown[] | undefined;
  /** A TTL index: the earliest date at the path (ms), undefined when there is none. */
  expiresFrom: number | undefined;
}

/** A document's place in one leading-value bucket of a compound index. */
export interface IndexEntry {
  readonly key: unknown[];
  /** The document's natural-order position: ties on the key keep insertion order. */
  readonly position: number;
  readonly idKey: string;
}

interface ExpiryEntry {
  readonly at: number;
  readonly position: number;
  readonly idKey: string;
}

const NO_TAIL: unknown[] = [];

/**
 * The value an index holds for a path: the field's value, or null when it is missing; undefined
 * when the path meets an array (the index is then multikey and its order is not one per document).
 */
function singleValueAt(view: Document, parts: readonly string[]): unknown {
  let current: unknown = view;
  for (const part of parts) {
    if (Array.isArray(current)) return undefined;
    if (!isPlainObject(current) || !Object.hasOwn(current, part)) return null;
    current = current[part];
  }
  if (Array.isArray(current)) return undefined;
  return current ?? null;
}

// Option fields createIndexes accepts and listIndexes echoes back.
const ECHOED_OPTIONS = [
  "unique",
  "sparse",
  "expireAfterSeconds",
  "partialFilterExpression",
  "collation",
  "hidden",
  "weights",
  "default_language",
  "language_override",
  "textIndexVersion",
  "2dsphereIndexVersion",
  "wildcardProjection",
] as const;

export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(numericValue(direction) ?? direction)}`)
    .join("_");
}

/** The spec as listIndexes reports it: v, key, name, then the options that were given. */
export function normalizeIndexSpec(input: Document): Document {
  const key: unknown = input.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new CommandError("BadValue", "index specification needs a non-empty 'key' document");
  }
  const name = typeof input.name === "string" && input.name !== "" ? input.name : defaultIndexName(key);
  const spec: Document = { v: 2, key, name };
  for (const option of ECHOED_OPTIONS) if (input[option] !== undefined) spec[option] = input[option];
  return spec;
}

/** Compound keys: every combination of the fields' keys, joined by NUL (canonical keys never contain one). */
function cartesian(lists: string[][]): string[] {
  const [first = [], ...rest] = lists;
  return rest.reduce((acc, list) => acc.flatMap((prefix) => list.map((key) => `${prefix}\u0000${key}`)), first);
}

/** Keys under which equality lookups find a document: each value, and each element of an array value. */
function leadingKeysOf(values: unknown[]): string[] {
  if (values.length === 0) return ["null"];
  const keys = new Set<string>();
  for (const value of values) {
    keys.add(canonicalKey(value));
    if (Array.isArray(value)) for (const item of value) keys.add(canonicalKey(item));
  }
  return [...keys];
}

export class CollectionIndex {
  readonly name: string;
  readonly fields: IndexField[];
  readonly isUnique: boolean;
  readonly isSparse: boolean;
  readonly ttlSeconds: number | undefined;
  /**
   * A partial index misses documents that match a query, so it cannot narrow one. (A sparse index
   * only misses documents without the field, which never equal a non-null value.)
   */
  readonly canNarrow: boolean;
  readonly #partial: Query | undefined;
  /** A single-field unique index answers lookups from `owners`; no separate leading-value map. */
  readonly #ownersServeLookups: boolean;
  /** Unique index key → idKey of the document that holds it. */
  readonly #owners = new Map<string, string>();
  /** Single-field index: leading field key → idKey (one document) or idKeys. */
  readonly #byLeadingKey = new Map<string, string | Set<string>>();
  /** Compound index: leading field key → its documents, sorted by the other fields. */
  readonly #buckets = new Map<string, SortedEntries<IndexEntry>>();
  /** Directions (1 or -1) of the fields after the first; undefined if one is not ascending/descending. */
  readonly tailDirections: number[] | undefined;
  #compareEntries: (a: IndexEntry, b: IndexEntry) => number;
  /**
   * Set for good once a document has an array under one of the other fields (mongod's multikey
   * flag): buckets are then kept in natural order only, and the index no longer gives a sort.
   */
  #isMultikeyTail = false;
  /** Set for good once a document has an array in the leading field. */
  #isMultikeyLeading = false;
  readonly #expiry: SortedEntries<ExpiryEntry> | undefined;

  constructor(readonly spec: Document) {
    this.name = String(spec.name);
    const key = spec.key as Document;
    this.fields = Object.entries(key).map(([path, direction]) => ({ path, parts: splitPath(path), direction }));
    this.isUnique = optionFlag(spec.unique, false);
    this.isSparse = optionFlag(spec.sparse, false);
    const ttl = numericValue(spec.expireAfterSeconds);
    // A TTL index is single-field by definition; MongoDB ignores expireAfterSeconds on compound ones.
    this.ttlSeconds = ttl !== undefined && this.fields.length === 1 ? ttl : undefined;
    const partial: unknown = spec.partialFilterExpression;
    this.#partial = isPlainObject(partial) ? new Query(comparableDocument(partial), MINGO_OPTIONS) : undefined;
    this.canNarrow = !this.#partial;
    this.#ownersServeLookups = this.isUnique && this.fields.length === 1;
    const directions = this.fields.slice(1).map((field) => numericValue(field.direction));
    this.tailDirections = directions.every((direction) => direction === 1 || direction === -1)
      ? (directions as number[])
      : undefined;
    this.#compareEntries = this.#entryOrder();
    this.#expiry =
      this.ttlSeconds === undefined
        ? undefined
        : new SortedEntries<ExpiryEntry>((a, b) => a.at - b.at || a.position - b.position);
  }

  /** Bucket order: the other fields in the index's directions, ties in natural order. */
  #entryOrder(): (a: IndexEntry, b: IndexEntry) => number {
    const directions = this.#isMultikeyTail ? [] : (this.tailDirections ?? []);
    return (a, b) => {
      for (let i = 0; i < directions.length; i += 1) {
        const order = compareValues(a.key[i], b.key[i]) * (directions[i] as number);
        if (order !== 0) return order;
      }
      return a.position - b.position;
    };
  }

  /** True when the sorted buckets can answer a seek and give the order of the other fields. */
  get isOrdered(): boolean {
    return this.canNarrow && this.fields.length > 1 && this.tailDirections !== undefined && !this.#isMultikeyTail;
  }

  /** True once a document had an array in the leading field (its sort value then differs per direction). */
  get isMultikeyLeading(): boolean {
    return this.#isMultikeyLeading;
  }

  /** The sorted bucket of a compound index for a leading value. */
  bucket(key: string): SortedEntries<IndexEntry> | undefined {
    return this.#buckets.get(key);
  }

  /** How many documents have that leading value. */
  countWithLeadingKey(key: string): number {
    if (this.#ownersServeLookups) return this.#owners.has(key) ? 1 : 0;
    if (this.fields.length > 1) return this.#buckets.get(key)?.size ?? 0;
    const ids = this.#byLeadingKey.get(key);
    return ids === undefined ? 0 : typeof ids === "string" ? 1 : ids.size;
  }

  /** idKeys of the documents whose leading field equals (or, for arrays, contains) the keyed value. */
  idsWithLeadingKey(key: string): Iterable<string> {
    if (this.#ownersServeLookups) {
      const owner = this.#owners.get(key);
      return owner === undefined ? [] : [owner];
    }
    if (this.fields.length > 1) {
      const bucket = this.#buckets.get(key);
      return bucket ? [...bucket].map((entry) => entry.idKey) : [];
    }
    const ids = this.#byLeadingKey.get(key);
    return ids === undefined ? [] : typeof ids === "string" ? [ids] : ids;
  }

  /** idKeys of the documents whose TTL date plus expireAfterSeconds is at or before `now`. */
  expiredIds(now: number): string[] {
    if (!this.#expiry || this.ttlSeconds === undefined) return [];
    const limit = now - this.ttlSeconds * 1000;
    const count = this.#expiry.countBefore((entry) => entry.at <= limit);
    return [...this.#expiry.range(0, count)].map((entry) => entry.idKey);
  }

  get keyPattern(): Document {
    return this.spec.key as Document;
  }

  /** True when the spec (key and options) equals another's — createIndexes is then a no-op. */
  sameSpecAs(other: Document): boolean {
    return canonicalKey(this.spec) === canonicalKey(other);
  }

  entriesFor(view: Document): IndexEntries {
    const [only] = this.fields;
    // Fast path for the common single-field index on a present, non-array value.
    if (this.fields.length === 1 && only && only.parts.length === 1 && !this.#partial) {
      const value: unknown = Object.hasOwn(view, only.path) ? view[only.path] : undefined;
      if (value !== undefined && !Array.isArray(value)) {
        const key = canonicalKey(value);
        return {
          uniqueKeys: this.isUnique ? [key] : [],
          leadingKeys: this.#ownersServeLookups ? [] : [key],
          tail: NO_TAIL,
          expiresFrom: this.ttlSeconds !== undefined && value instanceof Date ? value.getTime() : undefined,
        };
      }
    }
    const perField = this.fields.map((field) => collectPathValues(view, field.parts));
    const leadingValues = perField[0] ?? [];
    let tail: unknown[] | undefined = NO_TAIL;
    if (this.fields.length > 1) {
      // Exactly sized: an array grown by push() reserves room for 17 values, kept for every entry.
      const values = new Array<unknown>(this.fields.length - 1);
      tail = values;
      for (let i = 1; i < this.fields.length; i += 1) {
        const value = singleValueAt(view, (this.fields[i] as IndexField).parts);
        if (value === undefined) {
          tail = undefined;
          break;
        }
        values[i - 1] = value;
      }
    }
    let expiresFrom: number | undefined;
    if (this.ttlSeconds !== undefined) {
      for (const value of leadingValues.flatMap((item) => (Array.isArray(item) ? item : [item]))) {
        if (value instanceof Date && (expiresFrom === undefined || value.getTime() < expiresFrom)) expiresFrom = value.getTime();
      }
    }
    return {
      uniqueKeys: this.#uniqueKeys(view, perField),
      leadingKeys: this.#ownersServeLookups ? [] : leadingKeysOf(leadingValues),
      tail,
      expiresFrom,
    };
  }

  #uniqueKeys(view: Document, perField: unknown[][]): string[] {
    if (!this.isUnique) return [];
    if (this.isSparse && perField.every((values) => values.length === 0)) return [];
    if (this.#partial && !this.#partial.test(view)) return [];
    // A missing field is indexed as null; an array field contributes one key per element (multikey).
    const keyLists = perField.map((values) => {
      const keys = values.flatMap((value) => (Array.isArray(value) ? value.map(canonicalKey) : [canonicalKey(value)]));
      return keys.length > 0 ? [...new Set(keys)] : ["null"];
    });
    return [...new Set(cartesian(keyLists))];
  }

  duplicateError(ns: string, typed: Document): CommandError {
    const keyValue: Document = {};
    for (const field of this.fields) keyValue[field.path] = getPath(typed, field.path) ?? null;
    const shown = EJSON.stringify(keyValue, { relaxed: true });
    const message = `E11000 duplicate key error collection: ${ns} index: ${this.name} dup key: ${shown}`;
    return new CommandError("DuplicateKey", message, { keyPattern: this.keyPattern, keyValue });
  }

  /** The multikey flag is set: every bucket falls back to natural order. */
  #becomeMultikeyTail(): void {
    this.#isMultikeyTail = true;
    this.#compareEntries = this.#entryOrder();
    for (const [key, bucket] of this.#buckets) {
      this.#buckets.set(key, bucket.reorder(this.#compareEntries));
    }
  }

  #bucketEntry(idKey: string, position: number, entries: IndexEntries): IndexEntry {
    return { key: this.#isMultikeyTail ? NO_TAIL : (entries.tail ?? NO_TAIL), position, idKey };
  }

  add(idKey: string, position: number, entries: IndexEntries): void {
    for (const key of entries.uniqueKeys) this.#owners.set(key, idKey);
    if (entries.expiresFrom !== undefined) this.#expiry?.insert({ at: entries.expiresFrom, position, idKey });
    if (this.#ownersServeLookups) return;
    if (entries.leadingKeys.length > 1) this.#isMultikeyLeading = true;
    if (this.fields.length > 1) {
      if (entries.tail === undefined && !this.#isMultikeyTail) this.#becomeMultikeyTail();
      const entry = this.#bucketEntry(idKey, position, entries);
      for (const key of entries.leadingKeys) {
        let bucket = this.#buckets.get(key);
        if (!bucket) {
          bucket = new SortedEntries(this.#compareEntries);
          this.#buckets.set(key, bucket);
        }
        bucket.insert(entry);
      }
      return;
    }
    for (const key of entries.leadingKeys) {
      const ids = this.#byLeadingKey.get(key);
      if (ids === undefined) this.#byLeadingKey.set(key, idKey);
      else if (typeof ids === "string") this.#byLeadingKey.set(key, new Set([ids, idKey]));
      else ids.add(idKey);
    }
  }

  remove(idKey: string, position: number, entries: IndexEntries): void {
    for (const key of entries.uniqueKeys) if (this.#owners.get(key) === idKey) this.#owners.delete(key);
    if (entries.expiresFrom !== undefined) this.#expiry?.remove({ at: entries.expiresFrom, position, idKey });
    if (this.#ownersServeLookups) return;
    if (this.fields.length > 1) {
      const probe = this.#bucketEntry(idKey, position, entries);
      for (const key of entries.leadingKeys) {
        const bucket = this.#buckets.get(key);
        bucket?.remove(probe);
        if (bucket?.size === 0) this.#buckets.delete(key);
      }
      return;
    }
    for (const key of entries.leadingKeys) {
      const ids = this.#byLeadingKey.get(key);
      if (ids === idKey) this.#byLeadingKey.delete(key);
      else if (typeof ids === "object") {
        ids.delete(idKey);
        if (ids.size === 0) this.#byLeadingKey.delete(key);
      }
    }
  }

  /** Replaces a document's entries (the document keeps its natural-order position). */
  update(idKey: string, position: number, before: IndexEntries, after: IndexEntries): void {
    this.remove(idKey, position, before);
    this.add(idKey, position, after);
  }

  /** The idKey holding one of these unique keys, other than `self`. */
  conflictingOwner(entries: IndexEntries, self: string): string | undefined {
    for (const key of entries.uniqueKeys) {
      const owner = this.#owners.get(key);
      if (owner !== undefined && owner !== self) return owner;
    }
    return undefined;
  }
}
