// All databases of the stand-in, in memory. Databases and collections come into being on first
// write, like on mongod, and a database with no collections does not exist.
import type { Document } from "bson";
import { canonicalKey } from "./bson-values.ts";
import { Collection, decodeRecord } from "./collection.ts";
import { CommandError } from "./command-error.ts";

export function assertCollectionName(name: unknown): asserts name is string {
  if (typeof name !== "string" || name === "" || name.includes("$") || name.includes("\0") || name.startsWith(".")) {
    throw new CommandError("InvalidNamespace", `Invalid collection name: ${String(name)}`);
  }
}

export class Store {
  readonly #databases = new Map<string, Map<string, Collection>>();
  #version = 0;

  readonly #markChanged = (): void => {
    this.#version += 1;
  };

  /** Bumped on every change; the snapshot writer compares it with the version it last saved. */
  get version(): number {
    return this.#version;
  }

  databaseNames(): string[] {
    return [...this.#databases.keys()];
  }

  collections(db: string): Collection[] {
    return [...(this.#databases.get(db)?.values() ?? [])];
  }

  allCollections(): Collection[] {
    return [...this.#databases.values()].flatMap((collections) => [...collections.values()]);
  }

  get(db: string, name: string): Collection | undefined {
    return this.#databases.get(db)?.get(name);
  }

  /** The collection, created implicitly (writes and createIndexes do that on mongod). */
  ensure(db: string, name: string, options: Document = {}): Collection {
    const existing = this.get(db, name);
    if (existing) return existing;
    assertCollectionName(name);
    let collections = this.#databases.get(db);
    if (!collections) {
      collections = new Map();
      this.#databases.set(db, collections);
    }
    const collection = new Collection(db, name, options, this.#markChanged);
    collections.set(name, collection);
    this.#markChanged();
    return collection;
  }

  /** Since SERVER-60064 mongod accepts a repeated create with identical options; different ones fail. */
  create(db: string, name: string, options: Document): Collection {
    const existing = this.get(db, name);
    if (existing && canonicalKey(existing.options) !== canonicalKey(options)) {
      throw new CommandError("NamespaceExists", `Collection ${db}.${name} already exists with different options.`);
    }
    return existing ?? this.ensure(db, name, options);
  }

  drop(db: string, name: string): Collection | undefined {
    const collections = this.#databases.get(db);
    const collection = collections?.get(name);
    if (!collections || !collection) return undefined;
    collections.delete(name);
    if (collections.size === 0) this.#databases.delete(db);
    this.#markChanged();
    return collection;
  }

  dropDatabase(db: string): void {
    if (this.#databases.delete(db)) this.#markChanged();
  }

  /** Moves a collection's documents and indexes under a new name (renameCollection). */
  rename(from: { db: string; name: string }, to: { db: string; name: string }, dropTarget: boolean): void {
    const source = this.get(from.db, from.name);
    if (!source) {
      throw new CommandError("NamespaceNotFound", `Source collection ${from.db}.${from.name} does not exist`);
    }
    if (this.get(to.db, to.name)) {
      if (!dropTarget) {
        throw new CommandError("NamespaceExists", `Target collection ${to.db}.${to.name} already exists`);
      }
      this.drop(to.db, to.name);
    }
    const target = this.ensure(to.db, to.name, source.options);
    for (const spec of source.indexSpecs.slice(1)) target.createIndex(spec);
    for (const record of source.records.values()) target.insert(decodeRecord(record));
    this.drop(from.db, from.name);
  }
}
