import type { JsonObject, JsonValue } from "./audit-event";

// Free-form parts of an event (changes, metadata) are stored as plain JSON that survives a round trip
// through BSON unchanged, so the hash computed before the write matches the one recomputed later:
// strings are made well-formed (BSON would replace a lone surrogate), dates become ISO strings,
// undefined members go, and keys MongoDB treats specially ($-prefixed, dotted, NUL) are dropped.
const MAX_DEPTH = 8;
const MAX_STRING = 2_000;
const MAX_ITEMS = 200;
// Names whose values are never recorded, wherever they appear.
const SECRET_KEY = /password|passphrase|secret|token|api[-_]?key|^key$|key[-_]?hash|authorization|cookie/i;

function toJson(value: unknown, depth: number): JsonValue | undefined {
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "string") return value.toWellFormed().slice(0, MAX_STRING);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => toJson(item, depth + 1) ?? null);
  if (typeof value === "object") return toJsonObject(value as Record<string, unknown>, depth + 1);
  return undefined;
}

function toJsonObject(record: Record<string, unknown>, depth: number): JsonObject {
  const result: JsonObject = {};
  for (const [key, raw] of Object.entries(record).slice(0, MAX_ITEMS)) {
    if (key === "" || key.startsWith("$") || key.includes(".") || key.includes("\0") || SECRET_KEY.test(key)) continue;
    const value = toJson(raw, depth);
    if (value !== undefined) result[key.toWellFormed()] = value;
  }
  return result;
}

/** A plain-JSON copy of an object for the audit log, or undefined if there is nothing to keep. */
export function toAuditJson(value: Record<string, unknown> | undefined): JsonObject | undefined {
  if (value === undefined) return undefined;
  const result = toJsonObject(value, 0);
  return Object.keys(result).length > 0 ? result : undefined;
}
