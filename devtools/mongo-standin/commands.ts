// Command dispatch, the handshake and server-information commands, and namespace/index management.
import { Double, type Document } from "bson";
import { Query } from "mingo";
import { comparableDocument, optionFlag } from "./bson-values.ts";
import {
  cursorBatchSize,
  documentOption,
  documentsOption,
  targetCollection,
  type CommandContext,
  type CommandHandler,
} from "./command-context.ts";
import type { Collection } from "./collection.ts";
import { CommandError, toCommandError } from "./command-error.ts";
import { sourceOf } from "./cursor-registry.ts";
import { MINGO_OPTIONS } from "./mingo-options.ts";
import { READ_COMMANDS } from "./read-commands.ts";
import { MAX_BSON_OBJECT_BYTES, MAX_MESSAGE_BYTES } from "./wire.ts";
import { WRITE_COMMANDS } from "./write-commands.ts";

// Wire version 21 = MongoDB 7.0; driver 7.x requires at least 9 (MongoDB 4.2).
const MAX_WIRE_VERSION = 21;

/**
 * The hello reply of a standalone server. Deliberately absent: topologyVersion (the driver would
 * switch to streaming heartbeats, which this server does not implement, and clear its pool on every
 * failed one), setName/hosts (replica-set mode), compression, and msg: "isdbgrid" (mongos).
 */
const hello: CommandHandler = (command, context) => ({
  // Legacy isMaster callers read `ismaster`, hello callers `isWritablePrimary`.
  ...(Object.hasOwn(command, "hello") ? { isWritablePrimary: true } : { ismaster: true }),
  helloOk: true,
  maxBsonObjectSize: MAX_BSON_OBJECT_BYTES,
  maxMessageSizeBytes: MAX_MESSAGE_BYTES,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: context.connectionId,
  minWireVersion: 0,
  maxWireVersion: MAX_WIRE_VERSION,
  readOnly: false,
  ok: 1,
});

const buildInfo: CommandHandler = () => ({
  version: "7.0.0",
  gitVersion: "mongo-standin",
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_BYTES,
  storageEngines: ["mongo-standin"],
  modules: [],
  ok: 1,
});

const PARAMETERS: Document = {
  featureCompatibilityVersion: { version: "7.0" },
  authenticationMechanisms: [],
  maxBSONDepth: 100,
};

const getParameter: CommandHandler = (command) => {
  const all = command.getParameter === "*";
  const reply: Document = {};
  for (const [name, value] of Object.entries(PARAMETERS)) if (all || Object.hasOwn(command, name)) reply[name] = value;
  if (Object.keys(reply).length === 0) throw new CommandError("InvalidOptions", "no option found to get");
  return { ...reply, ok: 1 };
};

const acknowledge: CommandHandler = () => ({ ok: 1 });

const connectionStatus: CommandHandler = () => ({
  authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
  ok: 1,
});

function dataSize(context: CommandContext, db: string): number {
  let bytes = 0;
  for (const collection of context.store.collections(db)) {
    for (const record of collection.records.values()) bytes += record.raw.length;
  }
  return bytes;
}

const listDatabases: CommandHandler = (command, context) => {
  const filter = documentOption(command, "filter");
  const query = new Query(comparableDocument(filter), MINGO_OPTIONS);
  const databases = context.store
    .databaseNames()
    .map((name) => ({ name, sizeOnDisk: dataSize(context, name), empty: false }))
    .filter((database) => query.test(database));
  const totalSize = databases.reduce((sum, database) => sum + database.sizeOnDisk, 0);
  if (optionFlag(command.nameOnly, false)) return { databases: databases.map(({ name }) => ({ name })), ok: 1 };
  return { databases, totalSize, totalSizeMb: Math.floor(totalSize / 1024 / 1024), ok: 1 };
};

const listCollections: CommandHandler = (command, context) => {
  const query = new Query(comparableDocument(documentOption(command, "filter")), MINGO_OPTIONS);
  const nameOnly = optionFlag(command.nameOnly, false);
  const entries = context.store
    .collections(context.db)
    .map((collection) => ({
      name: collection.name,
      type: "collection",
      options: collection.options,
      info: { readOnly: false },
      idIndex: { v: 2, key: { _id: 1 }, name: "_id_" },
    }))
    .filter((entry) => query.test(comparableDocument(entry)))
    .map((entry) => (nameOnly ? { name: entry.name, type: entry.type } : entry));
  const ns = `${context.db}.$cmd.listCollections`;
  return context.cursors.open(ns, sourceOf(entries), { batchSize: cursorBatchSize(command) });
};

// Fields every command may carry that are not collection options.
const GENERIC_FIELDS = new Set([
  "$db", "lsid", "$clusterTime", "$readPreference", "writeConcern", "readConcern", "comment", "maxTimeMS",
  "apiVersion", "apiStrict", "apiDeprecationErrors",
]);

const create: CommandHandler = (command, context) => {
  const name = targetCollection(command);
  if (command.viewOn !== undefined) {
    throw new CommandError("CommandNotSupported", "views are not supported by the mongo stand-in");
  }
  const options: Document = {};
  for (const [field, value] of Object.entries(command)) {
    if (field !== "create" && !GENERIC_FIELDS.has(field)) options[field] = value;
  }
  context.store.create(context.db, name, options);
  return { ok: 1 };
};

const drop: CommandHandler = (command, context) => {
  const name = targetCollection(command);
  const dropped = context.store.drop(context.db, name);
  // MongoDB 7 answers ok:1 for a collection that does not exist.
  return dropped ? { nIndexesWas: dropped.indexSpecs.length, ns: dropped.ns, ok: 1 } : { ok: 1 };
};

const dropDatabase: CommandHandler = (_command, context) => {
  context.store.dropDatabase(context.db);
  return { dropped: context.db, ok: 1 };
};

function splitNamespace(value: unknown): { db: string; name: string } {
  const dot = typeof value === "string" ? value.indexOf(".") : -1;
  if (typeof value !== "string" || dot <= 0) {
    throw new CommandError("InvalidNamespace", `Invalid namespace: ${String(value)}`);
  }
  return { db: value.slice(0, dot), name: value.slice(dot + 1) };
}

const renameCollection: CommandHandler = (command, context) => {
  const from = splitNamespace(command.renameCollection);
  context.store.rename(from, splitNamespace(command.to), optionFlag(command.dropTarget, false));
  return { ok: 1 };
};

const createIndexes: CommandHandler = (command, context) => {
  const name = targetCollection(command);
  const specs = documentsOption(command, "indexes");
  const existed = context.store.get(context.db, name) !== undefined;
  const collection = context.store.ensure(context.db, name);
  const numIndexesBefore = collection.indexSpecs.length;
  let created = 0;
  for (const spec of specs) if (collection.createIndex(spec)) created += 1;
  return {
    createdCollectionAutomatically: !existed,
    numIndexesBefore,
    numIndexesAfter: collection.indexSpecs.length,
    ...(created === 0 ? { note: "all indexes already exist" } : {}),
    ok: 1,
  };
};

function existingCollection(command: Document, context: CommandContext): Collection {
  const name = targetCollection(command);
  const collection = context.store.get(context.db, name);
  if (!collection) throw new CommandError("NamespaceNotFound", `ns does not exist: ${context.db}.${name}`);
  return collection;
}

const listIndexes: CommandHandler = (command, context) => {
  const collection = existingCollection(command, context);
  return context.cursors.open(collection.ns, sourceOf(collection.indexSpecs), { batchSize: cursorBatchSize(command) });
};

const dropIndexes: CommandHandler = (command, context) => {
  const collection = existingCollection(command, context);
  const nIndexesWas = collection.indexSpecs.length;
  const target: unknown = command.index;
  for (const index of Array.isArray(target) ? target : [target]) collection.dropIndex(index);
  return { nIndexesWas, ok: 1 };
};

const HANDLERS: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: acknowledge,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  connectionStatus,
  endSessions: acknowledge,
  killSessions: acknowledge,
  refreshSessions: acknowledge,
  listDatabases,
  listCollections,
  create,
  drop,
  dropDatabase,
  renameCollection,
  createIndexes,
  listIndexes,
  dropIndexes,
  ...READ_COMMANDS,
  ...WRITE_COMMANDS,
};

/** `{ok: 0, errmsg, code, codeName}` plus the error's details (keyPattern/keyValue of a duplicate key). */
export function errorReply(error: unknown): Document {
  const failure = toCommandError(error);
  return { ...failure.details, ok: 0, errmsg: failure.message, code: failure.code, codeName: failure.codeName };
}

/** Runs one command (an OP_MSG body or the OP_QUERY handshake) and returns the reply document. */
export function runCommand(command: Document, context: Omit<CommandContext, "db">): Document {
  const [name] = Object.keys(command);
  let reply: Document;
  try {
    // What a standalone mongod answers to retryable writes and transactions.
    if (command.txnNumber !== undefined) {
      const message = "Transaction numbers are only allowed on a replica set member or mongos";
      throw new CommandError("IllegalOperation", message);
    }
    const handler = name !== undefined && Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (!handler) throw new CommandError("CommandNotFound", `no such command: '${name ?? ""}'`);
    const db = typeof command.$db === "string" ? command.$db : "admin";
    reply = handler(command, { ...context, db });
  } catch (error) {
    reply = errorReply(error);
  }
  // mongod sends ok as a double, last.
  const { ok, ...rest } = reply;
  return { ...rest, ok: new Double(ok === 1 || ok === true ? 1 : 0) };
}

