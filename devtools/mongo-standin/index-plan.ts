// Which documents a find looks at, and in which order. The shape served from an index: equality on
// a compound index's leading field(s), an optional range on the next field (top-level
// $gt/$gte/$lt/$lte, and the keyset `$or` form `[{t: {$lt: c}}, {t: c, id: {$lt: d}}]`), and a sort
// on the fields that follow, in the index's directions or all reversed. The index range is then
// walked in sort order and stops once enough documents match. Any other shape narrows candidates
// by the leading value as before, or scans. Ranges only ever include more than the filter can
// match: the whole filter is still tested on every document, so semantics never depend on the plan.
import { ObjectId } from "bson";
import { canonicalKey, isNumeric, isPlainObject } from "./bson-values.ts";
import type { CollectionIndex, IndexEntry } from "./collection-index.ts";
import { compareValues, type SortKey } from "./record-order.ts";
import type { SortedEntries } from "./sorted-entries.ts";

/** Entries of one index range in the sort's order. */
export interface IndexWalk {
  kind: "walk";
  size: number;
  /** Every entry matches the filter: it is only the equality that chose the bucket. */
  isExact: boolean;
  entries(): Iterable<IndexEntry>;
  /** True when two entries' keys hold equal sort values (their documents tie under the sort). */
  isTie(a: unknown[], b: unknown[]): boolean;
}

/** Documents that may match, in no particular order. */
export interface CandidateSet {
  kind: "ids";
  size: number;
  isExact: boolean;
  idKeys(): Iterable<string>;
}

export type QueryPlan = IndexWalk | CandidateSet;

interface Bound {
  value: unknown;
  isInclusive: boolean;
}

interface Range {
  low?: Bound;
  high?: Bound;
}

/** Equal values for the index fields after the first, then possibly a range on the next one. */
interface Interval {
  prefix: unknown[];
  range?: Range;
}

const RANGE_OPERATORS = new Set(["$gt", "$gte", "$lt", "$lte"]);

function isLookupValue(value: unknown): boolean {
  return (
    typeof value === "string" ||
    typeof value === "boolean" ||
    isNumeric(value) ||
    value instanceof Date ||
    value instanceof ObjectId
  );
}

/** Index keys for an equality condition on a plain value (or `$eq`/`$in` of them), else undefined. */
export function equalityKeys(condition: unknown): string[] | undefined {
  if (isLookupValue(condition)) return [canonicalKey(condition)];
  if (!isPlainObject(condition)) return undefined;
  const operators = Object.keys(condition);
  if (operators.length !== 1) return undefined;
  if (operators[0] === "$eq" && isLookupValue(condition.$eq)) return [canonicalKey(condition.$eq)];
  const values: unknown = condition.$in;
  if (operators[0] === "$in" && Array.isArray(values) && values.every(isLookupValue)) return values.map(canonicalKey);
  return undefined;
}

/** The single value an equality condition names, wrapped; undefined for any other condition. */
function equalityValue(condition: unknown): { value: unknown } | undefined {
  if (isLookupValue(condition)) return { value: condition };
  if (!isPlainObject(condition)) return undefined;
  const operators = Object.keys(condition);
  if (operators.length !== 1) return undefined;
  if (operators[0] === "$eq" && isLookupValue(condition.$eq)) return { value: condition.$eq };
  const values: unknown = condition.$in;
  if (operators[0] === "$in" && Array.isArray(values) && values.length === 1 && isLookupValue(values[0])) {
    return { value: values[0] };
  }
  return undefined;
}

/**
 * The bounds of a condition made only of $gt/$gte/$lt/$lte on strings, dates or numbers. mingo, like
 * MongoDB, compares only values of the bound's type, and those sit together in the index order. A
 * numeric lower bound is not used: NaN sorts below every number, yet mingo's $gte/$lte take NaN as
 * equal to any number, so the bound could cut off a match.
 */
function rangeOf(condition: unknown): Range | undefined {
  if (!isPlainObject(condition)) return undefined;
  const operators = Object.keys(condition);
  if (operators.length === 0 || !operators.every((operator) => RANGE_OPERATORS.has(operator))) return undefined;
  const range: Range = {};
  for (const operator of operators) {
    const value: unknown = condition[operator];
    const isNumber = typeof value === "number";
    if (!(typeof value === "string" || value instanceof Date || (isNumber && !Number.isNaN(value)))) return undefined;
    const bound = { value, isInclusive: operator.endsWith("e") };
    if (operator.startsWith("$g")) {
      if (isNumber) continue;
      const order = range.low ? compareValues(value, range.low.value) : 1;
      if (order > 0 || (order === 0 && !bound.isInclusive)) range.low = bound;
    } else {
      const order = range.high ? compareValues(value, range.high.value) : -1;
      if (order < 0 || (order === 0 && !bound.isInclusive)) range.high = bound;
    }
  }
  return range.low || range.high ? range : undefined;
}

/** Equalities on the index fields after the first, in order, then a range on the next field. */
function intervalFor(index: CollectionIndex, conditionAt: (path: string) => unknown): Interval {
  const prefix: unknown[] = [];
  for (const field of index.fields.slice(1)) {
    const condition = conditionAt(field.path);
    if (condition === undefined) break;
    const equal = equalityValue(condition);
    if (equal) {
      prefix.push(equal.value);
      continue;
    }
    const range = rangeOf(condition);
    return range ? { prefix, range } : { prefix };
  }
  return { prefix };
}

/** The ranks [from, to) of a bucket's entries inside the interval. */
function ranksOf(bucket: SortedEntries<IndexEntry>, directions: number[], interval: Interval): [number, number] {
  const { prefix, range } = interval;
  const comparePrefix = (key: unknown[]): number => {
    for (let i = 0; i < prefix.length; i += 1) {
      const order = compareValues(key[i], prefix[i]) * (directions[i] as number);
      if (order !== 0) return order;
    }
    return 0;
  };
  const direction = directions[prefix.length] ?? 1;
  // In index order a descending field's upper value bound comes first.
  const first = direction > 0 ? range?.low : range?.high;
  const last = direction > 0 ? range?.high : range?.low;
  const at = prefix.length;
  const from = bucket.countBefore((entry) => {
    const order = comparePrefix(entry.key);
    if (order !== 0 || !first) return order < 0;
    const position = compareValues(entry.key[at], first.value) * direction;
    return position < 0 || (position === 0 && !first.isInclusive);
  });
  const to = bucket.countBefore((entry) => {
    const order = comparePrefix(entry.key);
    if (order !== 0 || !last) return order <= 0;
    const position = compareValues(entry.key[at], last.value) * direction;
    return position < 0 || (position === 0 && last.isInclusive);
  });
  return [from, Math.max(from, to)];
}

const pathOf = (key: SortKey): string => key.parts.join(".");

/** The plan for one compound index whose buckets are sorted, given the leading value's bucket. */
function planOrdered(
  index: CollectionIndex,
  bucket: SortedEntries<IndexEntry>,
  filter: Record<string, unknown>,
  sort: SortKey[],
): QueryPlan {
  const directions = index.tailDirections ?? [];
  const topLevel = (path: string): unknown => (Object.hasOwn(filter, path) ? filter[path] : undefined);
  const top = intervalFor(index, topLevel);
  let [from, to] = ranksOf(bucket, directions, top);
  const branches: unknown = filter.$or;
  if (Array.isArray(branches) && branches.length > 0 && branches.every(isPlainObject)) {
    // A document matching the $or lies in some branch's interval, so within their hull.
    let hullFrom = Infinity;
    let hullTo = -Infinity;
    for (const branch of branches) {
      const interval = intervalFor(index, (path) => (Object.hasOwn(branch, path) ? branch[path] : topLevel(path)));
      const [branchFrom, branchTo] = ranksOf(bucket, directions, interval);
      hullFrom = Math.min(hullFrom, branchFrom);
      hullTo = Math.max(hullTo, branchTo);
    }
    from = Math.max(from, hullFrom);
    to = Math.max(from, Math.min(to, hullTo));
  }
  const size = to - from;
  const rangeIds = (): Iterable<string> => [...bucket.range(from, to)].map((entry) => entry.idKey);
  // A bucket holds exactly the documents whose leading field equals the value or, for an array,
  // contains it — what mingo's equality matches — so a filter of nothing else needs no test. (A
  // dotted leading path is still tested: mingo's traversal of arrays on the way is its own.)
  const [leading] = index.fields;
  const isExact = Object.keys(filter).length === 1 && leading !== undefined && !leading.path.includes(".");

  // Fields fixed by equality sort as one value (the leading one only while no document holds an
  // array there); the rest of the sort must follow the next index fields, all forward or all reversed.
  const pinned = new Set(index.fields.slice(1, 1 + top.prefix.length).map((field) => field.path));
  if (!index.isMultikeyLeading) pinned.add(index.fields[0]?.path ?? "");
  const rest = sort.filter((key) => !pinned.has(pathOf(key)));
  const firstFree = 1 + top.prefix.length;
  let walkDirection = 0;
  for (const [i, key] of rest.entries()) {
    const field = index.fields[firstFree + i];
    const fieldDirection = directions[firstFree + i - 1];
    const relative = fieldDirection === undefined ? 0 : key.direction * fieldDirection;
    if (!field || field.path !== pathOf(key) || relative === 0 || (walkDirection !== 0 && relative !== walkDirection)) {
      return { kind: "ids", size, isExact, idKeys: rangeIds };
    }
    walkDirection = relative;
  }
  if (sort.length === 0) return { kind: "ids", size, isExact, idKeys: rangeIds };
  const tiePositions = rest.map((_, i) => firstFree + i - 1);
  return {
    kind: "walk",
    size,
    isExact,
    entries: () => bucket.range(from, to, walkDirection < 0),
    isTie: (a, b) => tiePositions.every((position) => compareValues(a[position], b[position]) === 0),
  };
}

/** The plan for one index, or undefined when the filter gives its leading field no equality. */
function planIndex(index: CollectionIndex, filter: Record<string, unknown>, sort: SortKey[]): QueryPlan | undefined {
  const leading = index.fields[0]?.path;
  if (!index.canNarrow || leading === undefined || !Object.hasOwn(filter, leading)) return undefined;
  const keys = equalityKeys(filter[leading]);
  if (!keys) return undefined;
  const [only] = keys;
  if (keys.length === 1 && only !== undefined && index.isOrdered) {
    const bucket = index.bucket(only);
    return bucket ? planOrdered(index, bucket, filter, sort) : { kind: "ids", size: 0, isExact: true, idKeys: () => [] };
  }
  let size = 0;
  for (const key of keys) size += index.countWithLeadingKey(key);
  return {
    kind: "ids",
    size,
    isExact: false,
    idKeys: () => {
      const ids = new Set<string>();
      for (const key of keys) for (const id of index.idsWithLeadingKey(key)) ids.add(id);
      return ids;
    },
  };
}

/**
 * The cheapest plan: a walk stops after about `wanted` matches (ten times that is allowed for
 * documents the rest of the filter rejects); a candidate set is read whole. Undefined: scan.
 */
export function planQuery(
  indexes: Iterable<CollectionIndex>,
  filter: Record<string, unknown>,
  sort: SortKey[],
  wanted: number,
): QueryPlan | undefined {
  const cost = (plan: QueryPlan): number =>
    plan.kind === "walk" && wanted > 0 ? Math.min(plan.size, wanted * 10) : plan.size;
  let best: QueryPlan | undefined;
  for (const index of indexes) {
    const plan = planIndex(index, filter, sort);
    if (!plan) continue;
    if (
      !best ||
      cost(plan) < cost(best) ||
      (cost(plan) === cost(best) && (plan.size < best.size || (plan.size === best.size && plan.kind === "walk")))
    ) {
      best = plan;
    }
  }
  return best;
}
