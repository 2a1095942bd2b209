// Sorting stored documents by a MongoDB sort specification.
import { Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp, type Document } from "bson";
import { compare } from "mingo/util";
import { isPlainObject, numericValue } from "./bson-values.ts";
import { collectPathValues, splitPath } from "./document-paths.ts";

export interface SortKey {
  parts: string[];
  direction: 1 | -1;
}

// MongoDB's cross-type order (BSON comparison order); within one type mingo's comparison is used.
function typeRank(value: unknown): number {
  if (value instanceof MinKey) return 0;
  if (value === null || value === undefined) return 1;
  if (typeof value === "number" || value instanceof Int32 || value instanceof Double) return 2;
  if (value instanceof Decimal128 || (value instanceof Long && !(value instanceof Timestamp))) return 2;
  if (typeof value === "string") return 3;
  if (isPlainObject(value)) return 4;
  if (Array.isArray(value)) return 5;
  if (value instanceof Binary) return 6;
  if (value instanceof ObjectId) return 7;
  if (typeof value === "boolean") return 8;
  if (value instanceof Date) return 9;
  if (value instanceof Timestamp) return 10;
  if (value instanceof RegExp) return 11;
  if (value instanceof MaxKey) return 13;
  return 12;
}

export function compareValues(left: unknown, right: unknown): number {
  // Fast paths for what indexes hold most (ids, names, times, counters).
  if (typeof left === "string" && typeof right === "string") return left < right ? -1 : left > right ? 1 : 0;
  if (left instanceof Date && right instanceof Date) return Math.sign(left.getTime() - right.getTime());
  if (typeof left === "number" && typeof right === "number") {
    // NaN sorts before every other number, as in MongoDB (a plain `<` would call it equal to all).
    if (Number.isNaN(left) || Number.isNaN(right)) return Number(!Number.isNaN(left)) - Number(!Number.isNaN(right));
    return left < right ? -1 : left > right ? 1 : 0;
  }
  const rankDifference = typeRank(left) - typeRank(right);
  if (rankDifference !== 0) return Math.sign(rankDifference);
  return compare(left, right);
}

export function parseSort(spec: Document | undefined): SortKey[] {
  if (!spec) return [];
  const keys: SortKey[] = [];
  for (const [path, direction] of Object.entries(spec)) {
    const number = numericValue(direction);
    // {$meta: "textScore"} and other non-numeric directions have nothing to sort by here.
    if (number === undefined) continue;
    keys.push({ parts: splitPath(path), direction: number < 0 ? -1 : 1 });
  }
  return keys;
}

/**
 * The value a document sorts by: an array field sorts by its smallest element ascending and by its
 * largest descending; a missing field sorts like null.
 */
export function sortValue(view: Document, key: SortKey): unknown {
  if (key.parts.length === 1) {
    const field = key.parts[0] as string;
    const value: unknown = Object.hasOwn(view, field) ? view[field] : null;
    if (!Array.isArray(value)) return value ?? null;
  }
  const values = collectPathValues(view, key.parts).flatMap((value) => (Array.isArray(value) ? value : [value]));
  let chosen: unknown = null;
  let first = true;
  for (const value of values) {
    if (first || compareValues(value, chosen) * key.direction < 0) chosen = value;
    first = false;
  }
  return chosen;
}

/** Sorts (stable: ties keep natural order), skips and limits; a small limit keeps only the top k. */
export function orderRecords<T extends { view: Document }>(
  items: T[],
  sort: Document | undefined,
  skip: number,
  limit: number,
): T[] {
  const keys = parseSort(sort);
  if (keys.length === 0) return limit > 0 ? items.slice(skip, skip + limit) : items.slice(skip);
  const decorated = items.map((item) => ({ item, values: keys.map((key) => sortValue(item.view, key)) }));
  type Decorated = (typeof decorated)[number];
  const order = (a: Decorated, b: Decorated): number => {
    for (let i = 0; i < keys.length; i += 1) {
      const result = compareValues(a.values[i], b.values[i]) * (keys[i] as SortKey).direction;
      if (result !== 0) return result;
    }
    return 0;
  };
  const wanted = limit > 0 ? skip + limit : Infinity;
  let sorted: Decorated[];
  if (wanted * 4 < decorated.length) {
    // Paging through a large collection: keep a sorted window of `wanted` items instead of sorting all.
    sorted = [];
    for (const entry of decorated) {
      const last = sorted[sorted.length - 1];
      if (sorted.length >= wanted && last && order(entry, last) >= 0) continue;
      let low = 0;
      let high = sorted.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (order(sorted[middle] as Decorated, entry) <= 0) low = middle + 1;
        else high = middle;
      }
      sorted.splice(low, 0, entry);
      if (sorted.length > wanted) sorted.pop();
    }
  } else {
    sorted = decorated.sort(order);
  }
  const page = limit > 0 ? sorted.slice(skip, skip + limit) : sorted.slice(skip);
  return page.map((entry) => entry.item);
}
