// Snapshot file so development data survives restarts: canonical Extended JSON (types preserved:
// {"$numberLong": …}, {"$date": …}), one document per line inside a single JSON object.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { EJSON, type Document } from "bson";
import { isPlainObject } from "./bson-values.ts";
import { decodeRecord } from "./collection.ts";
import type { Store } from "./store.ts";

const FORMAT = "mongo-standin-snapshot";
const FORMAT_VERSION = 1;

function toJson(value: unknown): string {
  return EJSON.stringify(value, { relaxed: false });
}

/** The snapshot as text chunks, taken synchronously so it is one consistent state. */
function snapshotChunks(store: Store): string[] {
  const savedAt = toJson(new Date().toISOString());
  const chunks = [`{"format":${toJson(FORMAT)},"version":${FORMAT_VERSION},"savedAt":${savedAt},"collections":[\n`];
  store.allCollections().forEach((collection, collectionIndex) => {
    const { db, name, options } = collection;
    const header = { db, name, options, indexes: collection.indexSpecs.slice(1) };
    const headerJson = toJson(header);
    chunks.push(`${collectionIndex > 0 ? ",\n" : ""}${headerJson.slice(0, -1)},"documents":[\n`);
    let first = true;
    for (const record of collection.records.values()) {
      chunks.push(`${first ? "" : ",\n"}${toJson(decodeRecord(record))}`);
      first = false;
    }
    chunks.push("\n]}");
  });
  chunks.push("\n]}\n");
  return chunks;
}

/** Writes atomically (temporary file, then rename), so a crash mid-write keeps the previous snapshot. */
export async function saveSnapshot(store: Store, path: string): Promise<void> {
  const chunks = snapshotChunks(store);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, chunks);
  await rename(temporary, path);
}

/** Loads a snapshot into an empty store; false when the file does not exist. */
export async function loadSnapshot(store: Store, path: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  const parsed: unknown = EJSON.parse(text, { relaxed: false });
  if (!isPlainObject(parsed) || parsed.format !== FORMAT || !Array.isArray(parsed.collections)) {
    throw new Error(`${path} is not a mongo stand-in snapshot`);
  }
  for (const entry of parsed.collections as unknown[]) {
    if (!isPlainObject(entry) || typeof entry.db !== "string" || typeof entry.name !== "string") continue;
    const options = isPlainObject(entry.options) ? entry.options : {};
    const collection = store.ensure(entry.db, entry.name, options);
    for (const spec of Array.isArray(entry.indexes) ? (entry.indexes as Document[]) : []) collection.createIndex(spec);
    for (const document of Array.isArray(entry.documents) ? (entry.documents as unknown[]) : []) {
      if (isPlainObject(document)) collection.insert(document);
    }
  }
  return true;
}
