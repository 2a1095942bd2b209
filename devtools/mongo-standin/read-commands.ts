// find, getMore, killCursors, aggregate, count, distinct.
import type { Document } from "bson";
import { Aggregator, ProcessingMode, Query } from "mingo";
import {
  canonicalKey,
  comparableDocument,
  isPlainObject,
  numericValue,
  optionFlag,
  restoreDocumentTypes,
} from "./bson-values.ts";
import { decodeRecord, type Collection, type StoredRecord } from "./collection.ts";
import {
  cursorBatchSize,
  documentOption,
  documentsOption,
  optionalNumber,
  targetCollection,
  type CommandHandler,
} from "./command-context.ts";
import { CommandError } from "./command-error.ts";
import { sourceOf, type BatchSource } from "./cursor-registry.ts";
import { collectPathValues, splitPath } from "./document-paths.ts";
import { MINGO_OPTIONS } from "./mingo-options.ts";
import { orderRecords } from "./record-order.ts";

/** Renders a stored record through a find projection, keeping BSON types of the projected values. */
export function projector(projection: Document): (record: StoredRecord) => Document {
  const fields = Object.keys(projection);
  if (fields.length === 0) return decodeRecord;
  // Leaving out top-level fields (`{_id: 0}`, how the audit log reads) needs no projection engine.
  const isExclusion = (field: string): boolean => {
    const value: unknown = projection[field];
    return !field.includes(".") && !field.startsWith("$") && (value === false || numericValue(value) === 0);
  };
  if (fields.every(isExclusion)) {
    return (record) => {
      const document = decodeRecord(record);
      for (const field of fields) delete document[field];
      return document;
    };
  }
  const spec = comparableDocument(projection);
  // CLONE_INPUT: mingo's exclusion of a nested field ("a.b": 0) edits the input object otherwise.
  const query = new Query({}, { ...MINGO_OPTIONS, processingMode: ProcessingMode.CLONE_INPUT });
  return (record) => {
    const [projected] = query.find([record.view], spec).all();
    return restoreDocumentTypes(projected, decodeRecord(record));
  };
}

function recordSource(records: StoredRecord[], render: (record: StoredRecord) => Document): BatchSource {
  return { size: records.length, render: (index) => render(records[index] as StoredRecord) };
}

const find: CommandHandler = (command, context) => {
  const name = targetCollection(command);
  const limit = optionalNumber(command.limit) ?? 0;
  const records =
    context.store.get(context.db, name)?.find(documentOption(command, "filter"), {
      sort: documentOption(command, "sort"),
      skip: optionalNumber(command.skip) ?? 0,
      limit: Math.abs(limit),
    }) ?? [];
  const source = recordSource(records, projector(documentOption(command, "projection")));
  return context.cursors.open(`${context.db}.${name}`, source, {
    batchSize: optionalNumber(command.batchSize),
    // A negative limit is the legacy spelling of "one batch, then close".
    singleBatch: optionFlag(command.singleBatch, false) || limit < 0,
  });
};

const getMore: CommandHandler = (command, context) =>
  context.cursors.getMore(command.getMore, optionalNumber(command.batchSize));

const killCursors: CommandHandler = (command, context) => {
  const ids: unknown = command.cursors;
  return context.cursors.kill(Array.isArray(ids) ? ids : []);
};

const count: CommandHandler = (command, context) => {
  const records =
    context.store.get(context.db, targetCollection(command))?.find(documentOption(command, "query"), {
      skip: optionalNumber(command.skip) ?? 0,
      limit: Math.abs(optionalNumber(command.limit) ?? 0),
      anyOrder: true,
    }) ?? [];
  return { n: records.length, ok: 1 };
};

const distinct: CommandHandler = (command, context) => {
  const key: unknown = command.key;
  if (typeof key !== "string") throw new CommandError("TypeMismatch", "'key' must be a string");
  const parts = splitPath(key);
  const collection = context.store.get(context.db, targetCollection(command));
  const records = collection?.find(documentOption(command, "query")) ?? [];
  const values = new Map<string, unknown>();
  for (const record of records) {
    for (const value of collectPathValues(decodeRecord(record), parts)) {
      // Arrays contribute their elements, as in MongoDB.
      for (const item of Array.isArray(value) ? value : [value]) {
        const itemKey = canonicalKey(item);
        if (!values.has(itemKey)) values.set(itemKey, item);
      }
    }
  }
  return { values: [...values.values()], ok: 1 };
};

const PREFIX_STAGES = new Set(["$match", "$sort", "$skip", "$limit"]);
// Stages after which output document i is still input document i reshaped, so types can be restored.
const RESHAPING_STAGES = new Set(["$project", "$addFields", "$set", "$unset"]);
// Stages mingo evaluates without editing its input documents (checked against mingo 7.2).
const NON_MUTATING_STAGES = new Set([
  "$match", "$sort", "$skip", "$limit", "$count", "$group", "$sortByCount", "$unwind", "$lookup",
]);
const UNSUPPORTED_STAGES = new Set(["$out", "$merge", "$changeStream", "$search", "$vectorSearch", "$geoNear"]);

function stageName(stage: Document): string {
  const [name] = Object.keys(stage);
  return name ?? "";
}

/**
 * Leading $match/$sort/$skip/$limit stages run on the stored records: `$match, $sort[, $skip][, $limit]`
 * is a find (which may walk an index), the results stay typed, and a $sort followed by $limit keeps
 * only the top k.
 */
function runPrefix(
  collection: Collection | undefined,
  stages: Document[],
): { records: StoredRecord[]; consumed: number } {
  if (!collection) return { records: [], consumed: 0 };
  let consumed = 0;
  const first = stages[0];
  let records: StoredRecord[];
  if (first && stageName(first) === "$match") {
    const options: { sort?: Document; skip?: number; limit?: number; anyOrder?: boolean } = {};
    consumed = 1;
    const at = (offset: number, name: string): Document | undefined => {
      const stage = stages[consumed + offset];
      return stage && stageName(stage) === name ? stage : undefined;
    };
    const sort = at(0, "$sort");
    if (sort) {
      options.sort = documentOption(sort, "$sort");
      consumed += 1;
      const skip = at(0, "$skip");
      if (skip) {
        options.skip = numericValue(skip.$skip) ?? 0;
        consumed += 1;
      }
      const limit = at(0, "$limit");
      if (limit) {
        options.limit = numericValue(limit.$limit) ?? 0;
        consumed += 1;
      }
    } else if (isCountOnly(stages.slice(consumed))) {
      options.anyOrder = true;
    }
    records = collection.find(documentOption(first, "$match"), options);
  } else {
    records = [...collection.records.values()];
  }
  while (consumed < stages.length) {
    const stage = stages[consumed] as Document;
    const name = stageName(stage);
    if (!PREFIX_STAGES.has(name)) break;
    consumed += 1;
    if (name === "$match") {
      const query = new Query(comparableDocument(documentOption(stage, "$match")), MINGO_OPTIONS);
      records = records.filter((record) => query.test(record.view));
    } else if (name === "$sort") {
      const next = stages[consumed];
      const limit = next && stageName(next) === "$limit" ? (numericValue(next.$limit) ?? 0) : 0;
      records = orderRecords(records, documentOption(stage, "$sort"), 0, limit);
    } else if (name === "$skip") {
      records = records.slice(numericValue(stage.$skip) ?? 0);
    } else {
      records = records.slice(0, numericValue(stage.$limit) ?? records.length);
    }
  }
  return { records, consumed };
}

/** True for `[{$group: {_id: <constant>, n: {$sum: 1}}}]`, how countDocuments arrives. */
function isCountOnly(stages: Document[]): boolean {
  return countOnlyGroup(stages, []) !== undefined;
}

/** `{$group: {_id: <constant>, n: {$sum: 1}}}` — how countDocuments arrives — counted without mingo. */
function countOnlyGroup(stages: Document[], records: StoredRecord[]): Document[] | undefined {
  const [stage] = stages;
  if (stages.length !== 1 || !stage || stageName(stage) !== "$group") return undefined;
  const group = documentOption(stage, "$group");
  const fields = Object.keys(group).filter((field) => field !== "_id");
  const [field] = fields;
  const accumulator: unknown = field === undefined ? undefined : group[field];
  const id: unknown = group._id;
  const isConstantId = id === null || numericValue(id) !== undefined || (typeof id === "string" && !id.startsWith("$"));
  if (fields.length !== 1 || field === undefined || !isConstantId || !isPlainObject(accumulator)) return undefined;
  if (Object.keys(accumulator).length !== 1 || numericValue(accumulator.$sum) !== 1) return undefined;
  return records.length === 0 ? [] : [{ _id: id, [field]: records.length }];
}

const aggregate: CommandHandler = (command, context) => {
  const stages = documentsOption(command, "pipeline");
  for (const stage of stages) {
    if (UNSUPPORTED_STAGES.has(stageName(stage))) {
      throw new CommandError("CommandNotSupported", `${stageName(stage)} is not supported by the mongo stand-in`);
    }
  }
  if (optionFlag(command.explain, false)) {
    throw new CommandError("CommandNotSupported", "explain is not supported by the mongo stand-in");
  }
  // `aggregate: 1` is a collection-less pipeline; it starts from no documents here.
  const name = typeof command.aggregate === "string" ? targetCollection(command) : undefined;
  const collection = name === undefined ? undefined : context.store.get(context.db, name);
  const { records, consumed } = runPrefix(collection, stages);
  const rest = stages.slice(consumed);
  const ns = `${context.db}.${name ?? "$cmd.aggregate"}`;
  const batchSize = cursorBatchSize(command);
  if (rest.length === 0) return context.cursors.open(ns, recordSource(records, decodeRecord), { batchSize });
  const counted = countOnlyGroup(rest, records);
  if (counted) return context.cursors.open(ns, sourceOf(counted), { batchSize });

  const mutates = rest.some((stage) => !NON_MUTATING_STAGES.has(stageName(stage)));
  const aggregator = new Aggregator(
    rest.map((stage) => comparableDocument(stage)),
    {
      ...MINGO_OPTIONS,
      processingMode: mutates ? ProcessingMode.CLONE_INPUT : ProcessingMode.CLONE_OFF,
      // $lookup/$unionWith read other collections of the same database.
      collectionResolver: (other) =>
        [...(context.store.get(context.db, other)?.records.values() ?? [])].map((record) => record.view),
    },
  );
  const output: Document[] = aggregator.run(records.map((record) => record.view));
  if (rest.every((stage) => RESHAPING_STAGES.has(stageName(stage))) && output.length === records.length) {
    const typed = output.map((document, index) =>
      restoreDocumentTypes(document, decodeRecord(records[index] as StoredRecord)),
    );
    return context.cursors.open(ns, sourceOf(typed), { batchSize });
  }
  return context.cursors.open(ns, sourceOf(output), { batchSize });
};

export const READ_COMMANDS: Record<string, CommandHandler> = { find, getMore, killCursors, aggregate, count, distinct };
