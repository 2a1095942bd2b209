// insert, update, delete, findAndModify. Per-statement failures of the first three are reported as
// `writeErrors: [{index, code, errmsg}]` inside an ok:1 reply (that is how the driver builds
// MongoBulkWriteError / MongoServerError code 11000); findAndModify fails as a whole command.
import type { Document } from "bson";
import { isPlainObject, optionFlag } from "./bson-values.ts";
import { decodeRecord, type Collection, type StoredRecord } from "./collection.ts";
import { documentOption, documentsOption, targetCollection, type CommandHandler } from "./command-context.ts";
import { CommandError, toCommandError } from "./command-error.ts";
import { projector } from "./read-commands.ts";
import {
  applyUpdate,
  isOperatorUpdate,
  isPipelineUpdate,
  seedFromFilter,
  type UpdateSpec,
} from "./update-operators.ts";

interface WriteError {
  index: number;
  code: number;
  errmsg: string;
  [detail: string]: unknown;
}

function toWriteError(index: number, error: unknown): WriteError {
  const failure = toCommandError(error);
  return { index, code: failure.code, errmsg: failure.message, ...failure.details };
}

function writeReply(fields: Document, writeErrors: WriteError[]): Document {
  return writeErrors.length > 0 ? { ...fields, writeErrors, ok: 1 } : { ...fields, ok: 1 };
}

/** Runs statements in order; an ordered batch stops at its first failing statement. */
function eachStatement<T>(statements: T[], ordered: boolean, run: (statement: T, index: number) => void): WriteError[] {
  const errors: WriteError[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      run(statement, index);
    } catch (error) {
      errors.push(toWriteError(index, error));
      if (ordered) break;
    }
  }
  return errors;
}

function updateSpec(value: unknown): UpdateSpec {
  if (Array.isArray(value) && value.every(isPlainObject)) return value;
  if (isPlainObject(value)) return value;
  throw new CommandError("FailedToParse", "the update must be a document or a pipeline");
}

/** Inserts the document an upsert creates: the filter's equality fields with the update applied. */
function upsert(collection: Collection, filter: Document, update: UpdateSpec): StoredRecord {
  if (!isPipelineUpdate(update) && !isOperatorUpdate(update)) {
    const seedId: unknown = seedFromFilter(filter)._id;
    return collection.insert(update._id === undefined && seedId !== undefined ? { _id: seedId, ...update } : update);
  }
  return collection.insert(applyUpdate(seedFromFilter(filter), update, true));
}

function updateRecord(
  collection: Collection,
  record: StoredRecord,
  update: UpdateSpec,
): { record: StoredRecord; modified: boolean } {
  return collection.replace(record, applyUpdate(decodeRecord(record), update, false));
}

const insert: CommandHandler = (command, context) => {
  const documents = documentsOption(command, "documents");
  const collection = context.store.ensure(context.db, targetCollection(command));
  let n = 0;
  const errors = eachStatement(documents, optionFlag(command.ordered, true), (document) => {
    collection.insert(document);
    n += 1;
  });
  return writeReply({ n }, errors);
};

const update: CommandHandler = (command, context) => {
  const statements = documentsOption(command, "updates");
  const name = targetCollection(command);
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const errors = eachStatement(statements, optionFlag(command.ordered, true), (statement, index) => {
    const filter = documentOption(statement, "q");
    const spec = updateSpec(statement.u);
    const isMulti = optionFlag(statement.multi, false);
    if (isMulti && !isPipelineUpdate(spec) && !isOperatorUpdate(spec)) {
      throw new CommandError("FailedToParse", "multi update is not supported for replacement-style update");
    }
    const existing = context.store.get(context.db, name);
    const matched = existing?.find(filter, { limit: isMulti ? 0 : 1, sort: documentOption(statement, "sort") }) ?? [];
    if (matched.length === 0 && optionFlag(statement.upsert, false)) {
      const record = upsert(context.store.ensure(context.db, name), filter, spec);
      upserted.push({ index, _id: decodeRecord(record)._id });
      n += 1;
      return;
    }
    for (const record of matched) {
      if (existing && updateRecord(existing, record, spec).modified) nModified += 1;
      n += 1;
    }
  });
  return writeReply(upserted.length > 0 ? { n, nModified, upserted } : { n, nModified }, errors);
};

const deleteCommand: CommandHandler = (command, context) => {
  const statements = documentsOption(command, "deletes");
  const collection = context.store.get(context.db, targetCollection(command));
  let n = 0;
  const errors = eachStatement(statements, optionFlag(command.ordered, true), (statement) => {
    // limit 1 deletes one matching document, limit 0 all of them.
    const isSingle = optionFlag(statement.limit, false);
    const matched = collection?.find(documentOption(statement, "q"), { limit: isSingle ? 1 : 0 }) ?? [];
    for (const record of matched) collection?.remove(record);
    n += matched.length;
  });
  return writeReply({ n }, errors);
};

const findAndModify: CommandHandler = (command, context) => {
  const name = targetCollection(command);
  const query = documentOption(command, "query");
  const isRemove = optionFlag(command.remove, false);
  const render = projector(documentOption(command, "fields"));
  if (isRemove && command.update !== undefined) {
    throw new CommandError("FailedToParse", "Cannot specify both an update and remove=true");
  }
  if (!isRemove && command.update === undefined) {
    throw new CommandError("FailedToParse", "Either an update or remove=true must be specified");
  }
  const existing = context.store.get(context.db, name);
  const [target] = existing?.find(query, { sort: documentOption(command, "sort"), limit: 1 }) ?? [];
  if (isRemove) {
    if (!existing || !target) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    const value = render(target);
    existing.remove(target);
    return { lastErrorObject: { n: 1 }, value, ok: 1 };
  }
  const spec = updateSpec(command.update);
  const returnNew = optionFlag(command.new, false);
  if (existing && target) {
    const before = render(target);
    const { record } = updateRecord(existing, target, spec);
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: returnNew ? render(record) : before, ok: 1 };
  }
  if (!optionFlag(command.upsert, false)) {
    return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  }
  const record = upsert(context.store.ensure(context.db, name), query, spec);
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: decodeRecord(record)._id },
    value: returnNew ? render(record) : null,
    ok: 1,
  };
};

export const WRITE_COMMANDS: Record<string, CommandHandler> = {
  insert,
  update,
  delete: deleteCommand,
  findAndModify,
  // The lower-case spelling is accepted by mongod too.
  findandmodify: findAndModify,
};
