// One index of a collection. Unique indexes are enforced through a hash map from the canonical key
// to the owning document (a linear scan per insert made a 50k-document insertMany take 17 s).
// Every full index also maps its leading field's values to documents, so equality filters on that
// field (`{tenantId: …}`) look at that tenant's documents only.
import { EJSON, type Document } from "bson";
import { Query } from "mingo";
import { canonicalKey, comparableDocument, isPlainObject, numericValue, optionFlag } from "./bson-values.ts";
import { CommandError } from "./command-error.ts";
import { collectPathValues, getPath, splitPath } from "./document-paths.ts";
import { MINGO_OPTIONS } from "./mingo-options.ts";

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
  /** Leading field key → idKeys of the documents with that value. */
  readonly #byLeadingKey = new Map<string, Set<string>>();

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
  }

  /** idKeys of the documents whose leading field equals (or, for arrays, contains) the keyed value. */
  idsWithLeadingKey(key: string): Iterable<string> {
    if (!this.#ownersServeLookups) return this.#byLeadingKey.get(key) ?? [];
    const owner = this.#owners.get(key);
    return owner === undefined ? [] : [owner];
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
        return { uniqueKeys: this.isUnique ? [key] : [], leadingKeys: this.#ownersServeLookups ? [] : [key] };
      }
    }
    const perField = this.fields.map((field) => collectPathValues(view, field.parts));
    return {
      uniqueKeys: this.#uniqueKeys(view, perField),
      leadingKeys: this.#ownersServeLookups ? [] : leadingKeysOf(perField[0] ?? []),
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

  add(idKey: string, entries: IndexEntries): void {
    for (const key of entries.uniqueKeys) this.#owners.set(key, idKey);
    for (const key of entries.leadingKeys) {
      let ids = this.#byLeadingKey.get(key);
      if (!ids) {
        ids = new Set();
        this.#byLeadingKey.set(key, ids);
      }
      ids.add(idKey);
    }
  }

  remove(idKey: string, entries: IndexEntries): void {
    for (const key of entries.uniqueKeys) if (this.#owners.get(key) === idKey) this.#owners.delete(key);
    for (const key of entries.leadingKeys) {
      const ids = this.#byLeadingKey.get(key);
      ids?.delete(idKey);
      if (ids?.size === 0) this.#byLeadingKey.delete(key);
    }
  }

  /** Replaces a document's entries, touching only keys that changed (keeps natural order stable). */
  update(idKey: string, before: IndexEntries, after: IndexEntries): void {
    const removedUnique = before.uniqueKeys.filter((key) => !after.uniqueKeys.includes(key));
    const removedLeading = before.leadingKeys.filter((key) => !after.leadingKeys.includes(key));
    this.remove(idKey, { uniqueKeys: removedUnique, leadingKeys: removedLeading });
    this.add(idKey, {
      uniqueKeys: after.uniqueKeys.filter((key) => !before.uniqueKeys.includes(key)),
      leadingKeys: after.leadingKeys.filter((key) => !before.leadingKeys.includes(key)),
    });
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
