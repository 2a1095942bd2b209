// Two representations of a document live side by side:
// - the typed document, decoded with promoteValues:false (Int32, Double, Long, Decimal128 objects),
//   which is what is stored and sent back, so a Long written by a client is read back as a Long;
// - its comparable view, where every number is a JS number, which is what mingo matches, sorts and
//   aggregates (mingo compares JS numbers, not BSON wrapper objects).
import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp, type Document } from "bson";

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

export function isPlainObject(value: unknown): value is Document {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A JS number for any BSON numeric value (Long beyond 2^53 loses precision), else undefined. */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (value instanceof Int32 || value instanceof Double) return value.value;
  // Timestamp is a Long subclass in some bson versions; it is not a number in MongoDB.
  if (value instanceof Timestamp) return undefined;
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Decimal128) return Number(value.toString());
  return undefined;
}

export function isNumeric(value: unknown): boolean {
  return numericValue(value) !== undefined;
}

/** The comparable view of a typed value (see the file comment). */
export function toComparable(value: unknown): unknown {
  const number = numericValue(value);
  if (number !== undefined) return number;
  if (Array.isArray(value)) return value.map(toComparable);
  if (isPlainObject(value)) {
    const out: Document = {};
    for (const key of Object.keys(value)) out[key] = toComparable(value[key]);
    return out;
  }
  return value;
}

export function comparableDocument(document: Document): Document {
  const view = toComparable(document);
  if (!isPlainObject(view)) throw new TypeError("document expected");
  return view;
}

/**
 * A string equal for two values exactly when MongoDB treats them as the same index key: numbers of
 * different BSON types with the same value collide (1, 1.0 and NumberLong(1) are one key), field
 * order inside embedded documents matters. Used for the `_id` map, unique indexes and distinct.
 * Numbers go through JS numbers like the comparable view, so a Long beyond 2^53 is approximate.
 */
export function canonicalKey(value: unknown): string {
  if (value === undefined || value === null) return "null";
  const number = numericValue(value);
  if (number !== undefined) return `n:${Object.is(number, -0) ? 0 : number}`;
  if (typeof value === "string") return `s:${JSON.stringify(value)}`;
  if (typeof value === "boolean") return `b:${value}`;
  if (value instanceof Date) return `d:${value.getTime()}`;
  if (value instanceof ObjectId) return `o:${value.toHexString()}`;
  if (value instanceof RegExp) return `r:${value.source}/${value.flags}`;
  if (value instanceof Binary) return `x:${value.sub_type}:${Buffer.from(value.buffer).toString("base64")}`;
  if (value instanceof Timestamp) return `t:${value.toString()}`;
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(",")}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .map((key) => `${JSON.stringify(key)}:${canonicalKey(value[key])}`)
      .join(",")}}`;
  }
  const tagged = value as { _bsontype?: unknown };
  return `${String(tagged._bsontype ?? typeof value)}:${String(value)}`;
}

/**
 * Puts BSON types back into a value mingo computed from a comparable view (a projection, a pipeline
 * update): wherever the output still holds the same number as the typed source at the same path,
 * the typed original (Long, Int32, Decimal128…) is returned instead of the bare JS number.
 */
export function restoreTypes(output: unknown, typed: unknown): unknown {
  if (typeof output === "number") {
    const original = numericValue(typed);
    return original !== undefined && typeof typed !== "number" && Object.is(original, output) ? typed : output;
  }
  if (Array.isArray(output)) {
    return Array.isArray(typed) ? output.map((item, index) => restoreTypes(item, typed[index])) : output;
  }
  if (isPlainObject(output) && isPlainObject(typed)) {
    // Fields keep the stored document's order (mingo moves `_id` last); new fields follow.
    const keys = [
      ...Object.keys(typed).filter((key) => Object.hasOwn(output, key)),
      ...Object.keys(output).filter((key) => !Object.hasOwn(typed, key)),
    ];
    const out: Document = {};
    for (const key of keys) out[key] = restoreTypes(output[key], typed[key]);
    return out;
  }
  return output;
}

/** restoreTypes for a whole document (a projection or pipeline result of one stored document). */
export function restoreDocumentTypes(output: unknown, typed: Document): Document {
  const restored = restoreTypes(output, typed);
  if (!isPlainObject(restored)) throw new TypeError("a document was expected");
  return restored;
}

type NumericKind = "int" | "long" | "double" | "decimal";
const KIND_RANK: Record<NumericKind, number> = { int: 0, long: 1, double: 2, decimal: 3 };

function numericKind(value: unknown): NumericKind | undefined {
  if (value instanceof Int32) return "int";
  if (value instanceof Timestamp) return undefined;
  if (value instanceof Long) return "long";
  if (value instanceof Double) return "double";
  if (value instanceof Decimal128) return "decimal";
  if (typeof value === "number") {
    return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX ? "int" : "double";
  }
  return undefined;
}

function toLong(value: unknown): Long {
  return value instanceof Long ? value : Long.fromNumber(numericValue(value) ?? 0);
}

/**
 * `$inc`/`$mul` arithmetic with MongoDB's type promotion: the wider of the two types wins
 * (int < long < double < decimal) and an int32 overflow widens to a long.
 * Decimal128 arithmetic goes through doubles (the stand-in has no decimal arithmetic).
 */
export function combineNumbers(left: unknown, right: unknown, operation: "add" | "multiply"): unknown {
  const leftKind = numericKind(left);
  const rightKind = numericKind(right);
  if (!leftKind || !rightKind) throw new TypeError("numeric operands expected");
  const kind = KIND_RANK[leftKind] >= KIND_RANK[rightKind] ? leftKind : rightKind;
  const a = numericValue(left) ?? 0;
  const b = numericValue(right) ?? 0;
  switch (kind) {
    case "int": {
      const result = operation === "add" ? a + b : a * b;
      if (result >= INT32_MIN && result <= INT32_MAX) return new Int32(result);
      return operation === "add" ? toLong(left).add(toLong(right)) : toLong(left).multiply(toLong(right));
    }
    case "long":
      return operation === "add" ? toLong(left).add(toLong(right)) : toLong(left).multiply(toLong(right));
    case "double":
      return new Double(operation === "add" ? a + b : a * b);
    case "decimal":
      return Decimal128.fromString(String(operation === "add" ? a + b : a * b));
  }
}

/** Zero of the same BSON type (what `$mul` stores into a missing field). */
export function zeroLike(value: unknown): unknown {
  switch (numericKind(value)) {
    case "long":
      return Long.ZERO;
    case "double":
      return new Double(0);
    case "decimal":
      return Decimal128.fromString("0");
    default:
      return new Int32(0);
  }
}

/** A JS number from a command option that may arrive as Int32, Double or Long. */
export function optionNumber(value: unknown, fallback: number): number {
  return numericValue(value) ?? fallback;
}

/** Command options such as `ordered`, `multi`, `upsert` arrive as booleans, sometimes as numbers. */
export function optionFlag(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  const number = numericValue(value);
  return number !== undefined ? number !== 0 : Boolean(value);
}
