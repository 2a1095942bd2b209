// Update documents applied to the typed document, so `$inc` on a Long stays a Long and `$set` stores
// exactly the BSON type the client sent (mingo's updater works on plain JS values and would lose that).
import { Timestamp, type Document } from "bson";
import { Aggregator, Query } from "mingo";
import {
  canonicalKey,
  combineNumbers,
  comparableDocument,
  isNumeric,
  isPlainObject,
  numericValue,
  restoreDocumentTypes,
  toComparable,
  zeroLike,
} from "./bson-values.ts";
import { CommandError } from "./command-error.ts";
import { getPath, setPath, unsetPath } from "./document-paths.ts";
import { MINGO_OPTIONS } from "./mingo-options.ts";
import { compareValues } from "./record-order.ts";

export type UpdateSpec = Document | Document[];

export function isPipelineUpdate(update: UpdateSpec): update is Document[] {
  return Array.isArray(update);
}

/** True for `{$set: …}`-style updates, false for a replacement document; mixing the two is an error. */
export function isOperatorUpdate(update: Document): boolean {
  const keys = Object.keys(update);
  const operatorKeys = keys.filter((key) => key.startsWith("$"));
  if (operatorKeys.length > 0 && operatorKeys.length < keys.length) {
    throw new CommandError("FailedToParse", "Update document mixes update operators and plain fields");
  }
  return keys.length > 0 && operatorKeys.length === keys.length;
}

type OperatorApplier = (document: Document, path: string, argument: unknown, isInsert: boolean) => void;

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (isPlainObject(value)) return "object";
  const tagged = value as { _bsontype?: unknown };
  return typeof tagged._bsontype === "string" ? tagged._bsontype : typeof value;
}

function requireNumeric(operator: string, path: string, value: unknown): void {
  if (!isNumeric(value)) {
    const message = `Cannot apply ${operator} to field '${path}' of non-numeric type ${typeName(value)}`;
    throw new CommandError("TypeMismatch", message);
  }
}

function arrayAt(document: Document, path: string, operator: string): unknown[] | undefined {
  const current = getPath(document, path);
  if (current === undefined) return undefined;
  if (!Array.isArray(current)) {
    const message = `${operator}: the field '${path}' must be an array but is of type ${typeName(current)}`;
    throw new CommandError("BadValue", message);
  }
  return current;
}

function eachValues(argument: unknown): { values: unknown[]; modifiers: Document } {
  if (isPlainObject(argument) && Object.hasOwn(argument, "$each")) {
    const values: unknown = argument.$each;
    if (!Array.isArray(values)) throw new CommandError("BadValue", "$each requires an array value");
    return { values, modifiers: argument };
  }
  return { values: [argument], modifiers: {} };
}

function sortArray(values: unknown[], spec: unknown): void {
  const direction = numericValue(spec);
  if (direction !== undefined) {
    values.sort((a, b) => compareValues(toComparable(a), toComparable(b)) * Math.sign(direction));
    return;
  }
  if (!isPlainObject(spec)) throw new CommandError("BadValue", "$sort must be 1, -1 or a sort document");
  const keys = Object.entries(spec).map(([field, dir]) => [field, Math.sign(numericValue(dir) ?? 1)] as const);
  values.sort((a, b) => {
    for (const [field, dir] of keys) {
      const left = isPlainObject(a) ? toComparable(getPath(a, field)) : undefined;
      const right = isPlainObject(b) ? toComparable(getPath(b, field)) : undefined;
      const order = compareValues(left, right) * dir;
      if (order !== 0) return order;
    }
    return 0;
  });
}

/** `$pull` condition: a query for embedded documents, an operator expression, or a plain value. */
function pullMatcher(condition: unknown): (item: unknown) => boolean {
  if (isPlainObject(condition)) {
    const keys = Object.keys(condition);
    const view = comparableDocument(condition);
    if (keys.length > 0 && keys.every((key) => key.startsWith("$"))) {
      const query = new Query({ value: view }, MINGO_OPTIONS);
      return (item) => query.test({ value: toComparable(item) });
    }
    const query = new Query(view, MINGO_OPTIONS);
    return (item) => isPlainObject(item) && query.test(comparableDocument(item));
  }
  const key = canonicalKey(condition);
  return (item) => canonicalKey(item) === key;
}

const OPERATORS: Record<string, OperatorApplier> = {
  $set: (document, path, value) => setPath(document, path, value),
  $setOnInsert: (document, path, value, isInsert) => {
    if (isInsert) setPath(document, path, value);
  },
  $unset: (document, path) => unsetPath(document, path),
  $inc: (document, path, amount) => {
    requireNumeric("$inc", path, amount);
    const current = getPath(document, path);
    if (current === undefined) return setPath(document, path, amount);
    requireNumeric("$inc", path, current);
    setPath(document, path, combineNumbers(current, amount, "add"));
  },
  $mul: (document, path, factor) => {
    requireNumeric("$mul", path, factor);
    const current = getPath(document, path);
    if (current === undefined) return setPath(document, path, zeroLike(factor));
    requireNumeric("$mul", path, current);
    setPath(document, path, combineNumbers(current, factor, "multiply"));
  },
  $min: (document, path, value) => {
    const current = getPath(document, path);
    if (current === undefined || compareValues(toComparable(value), toComparable(current)) < 0) {
      setPath(document, path, value);
    }
  },
  $max: (document, path, value) => {
    const current = getPath(document, path);
    if (current === undefined || compareValues(toComparable(value), toComparable(current)) > 0) {
      setPath(document, path, value);
    }
  },
  $currentDate: (document, path, spec) => {
    const wantsTimestamp = isPlainObject(spec) && spec.$type === "timestamp";
    const now = Date.now();
    const value = wantsTimestamp ? new Timestamp({ t: Math.floor(now / 1000), i: 1 }) : new Date(now);
    setPath(document, path, value);
  },
  $rename: (document, path, target) => {
    if (typeof target !== "string") throw new CommandError("BadValue", "$rename target must be a string");
    const value = getPath(document, path);
    if (value === undefined) return;
    unsetPath(document, path);
    setPath(document, target, value);
  },
  $push: (document, path, argument) => {
    const { values, modifiers } = eachValues(argument);
    const array = [...(arrayAt(document, path, "$push") ?? [])];
    const position = numericValue(modifiers.$position);
    if (position === undefined) array.push(...values);
    else array.splice(position < 0 ? Math.max(array.length + position, 0) : position, 0, ...values);
    if (modifiers.$sort !== undefined) sortArray(array, modifiers.$sort);
    const slice = numericValue(modifiers.$slice);
    const result = slice === undefined ? array : slice >= 0 ? array.slice(0, slice) : array.slice(slice);
    setPath(document, path, result);
  },
  $addToSet: (document, path, argument) => {
    const { values } = eachValues(argument);
    const array = [...(arrayAt(document, path, "$addToSet") ?? [])];
    const present = new Set(array.map(canonicalKey));
    for (const value of values) {
      const key = canonicalKey(value);
      if (!present.has(key)) {
        present.add(key);
        array.push(value);
      }
    }
    setPath(document, path, array);
  },
  $pop: (document, path, end) => {
    const array = arrayAt(document, path, "$pop");
    if (!array) return;
    setPath(document, path, (numericValue(end) ?? 1) < 0 ? array.slice(1) : array.slice(0, -1));
  },
  $pull: (document, path, condition) => {
    const array = arrayAt(document, path, "$pull");
    if (!array) return;
    const matches = pullMatcher(condition);
    setPath(document, path, array.filter((item) => !matches(item)));
  },
  $pullAll: (document, path, values) => {
    if (!Array.isArray(values)) throw new CommandError("BadValue", "$pullAll requires an array argument");
    const array = arrayAt(document, path, "$pullAll");
    if (!array) return;
    const removed = new Set(values.map(canonicalKey));
    setPath(document, path, array.filter((item) => !removed.has(canonicalKey(item))));
  },
};

function assertSupportedPath(path: string): void {
  if (path.split(".").some((part) => part === "$" || part.startsWith("$["))) {
    throw new CommandError("BadValue", `positional update paths ('${path}') are not supported by the stand-in`);
  }
}

/** MongoDB refuses one update that touches a path and its parent or the same path twice. */
function assertNoConflicts(paths: string[]): void {
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i += 1) {
    const previous = sorted[i - 1] as string;
    const current = sorted[i] as string;
    if (current === previous || current.startsWith(`${previous}.`)) {
      const message = `Updating the path '${current}' would create a conflict at '${previous}'`;
      throw new CommandError("ConflictingUpdateOperators", message);
    }
  }
}

function applyOperators(document: Document, update: Document, isInsert: boolean): Document {
  const targets: string[] = [];
  const steps: Array<() => void> = [];
  for (const [operator, fields] of Object.entries(update)) {
    const apply = OPERATORS[operator];
    if (!apply) {
      const message = `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update`;
      throw new CommandError("FailedToParse", message);
    }
    if (!isPlainObject(fields)) {
      const message = `Modifiers operate on fields but we found type ${typeName(fields)} instead`;
      throw new CommandError("FailedToParse", message);
    }
    for (const [path, argument] of Object.entries(fields)) {
      assertSupportedPath(path);
      targets.push(path);
      if (operator === "$rename" && typeof argument === "string") targets.push(argument);
      steps.push(() => apply(document, path, argument, isInsert));
    }
  }
  assertNoConflicts(targets);
  for (const step of steps) step();
  return document;
}

function applyPipeline(document: Document, pipeline: Document[]): Document {
  const stages = pipeline.map((stage) => comparableDocument(stage));
  const [result] = new Aggregator(stages, MINGO_OPTIONS).run([comparableDocument(document)]);
  return restoreDocumentTypes(result, document);
}

/**
 * The document after the update. `document` is a private copy and may be changed in place.
 * `_id` is carried over by replacements; callers check it did not change.
 */
export function applyUpdate(document: Document, update: UpdateSpec, isInsert: boolean): Document {
  if (isPipelineUpdate(update)) return applyPipeline(document, update);
  if (isOperatorUpdate(update)) return applyOperators(document, update, isInsert);
  const replacement: Document = { ...update };
  if (document._id !== undefined && replacement._id === undefined) return { _id: document._id, ...replacement };
  return replacement;
}

/**
 * The document an upsert starts from: the equality conditions of the filter (`{tenantId: "t1",
 * "actor.id": "u1"}`, also inside `$and`), before the update is applied to it.
 */
export function seedFromFilter(filter: Document): Document {
  const seed: Document = {};
  const visit = (conditions: Document): void => {
    for (const [key, condition] of Object.entries(conditions)) {
      if (key === "$and" && Array.isArray(condition)) {
        for (const part of condition) if (isPlainObject(part)) visit(part);
        continue;
      }
      if (key.startsWith("$")) continue;
      if (isPlainObject(condition)) {
        const keys = Object.keys(condition);
        if (keys.some((k) => k.startsWith("$"))) {
          if (keys.length === 1 && Object.hasOwn(condition, "$eq")) setPath(seed, key, condition.$eq);
          continue;
        }
      }
      setPath(seed, key, condition);
    }
  };
  visit(filter);
  return seed;
}
