// JSON value types for the stand-in's Stripe objects, and the two JSON helpers everything shares.

export type Json = null | boolean | number | string | Json[] | JsonObject;
export type JsonObject = { [key: string]: Json };

/** Deep copy: events and responses carry snapshots, so later mutations of stored objects never leak into them. */
export function cloneJson<T extends Json>(value: T): T {
  return structuredClone(value);
}

/** Key-order-independent serialisation, used to compare request parameters (idempotency) and detect changes. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] ?? null)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function isJsonObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
