// Decodes Stripe's request encoding: application/x-www-form-urlencoded with bracket notation
// (deepObject, explode) for nested objects and arrays. stripe-node sends indexed arrays
// (`expand[0]=a`, `line_items[0][price]=p`); `expand[]=a` is accepted too, and brackets may arrive
// raw or as %5B/%5D. GET and DELETE carry the same encoding in the query string.
import { invalidRequest } from "./errors.ts";

export type FormValue = string | FormValue[] | FormObject;
export type FormObject = { [key: string]: FormValue };

// A node while decoding: arrays are collected as objects keyed by index and converted at the end,
// so `a[1]=x&a[0]=y` and sparse indexes come out in index order.
type Node = { [key: string]: Node | string };

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function decodeComponent(text: string): string {
  try {
    // In form encoding "+" is a space; a literal plus arrives as %2B.
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    throw invalidRequest(`Invalid URL encoding: ${text}`);
  }
}

/** `line_items[0][price]` → ["line_items", "0", "price"]; `expand[]` → ["expand", ""]. */
export function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  const rest = key.slice(open);
  const pattern = /\[([^\]]*)\]/gy;
  let consumed = 0;
  for (let match = pattern.exec(rest); match !== null; match = pattern.exec(rest)) {
    segments.push(match[1] ?? "");
    consumed = pattern.lastIndex;
  }
  if (consumed !== rest.length) throw invalidRequest(`Invalid parameter name: ${key}`, key);
  return segments;
}

function assign(root: Node, key: string, segments: string[], value: string): void {
  let node = root;
  for (let index = 0; index < segments.length; index += 1) {
    let segment = segments[index]!;
    if (FORBIDDEN_KEYS.has(segment)) throw invalidRequest(`Invalid parameter name: ${key}`, key);
    // `[]` appends: the next free index of the array being built.
    if (segment === "") segment = String(Object.keys(node).length);
    const isLast = index === segments.length - 1;
    const existing = node[segment];
    if (isLast) {
      if (existing !== undefined && typeof existing !== "string") {
        throw invalidRequest(`Invalid hash: ${key} is given both as a value and as an object`, key);
      }
      node[segment] = value;
      return;
    }
    if (typeof existing === "string") {
      throw invalidRequest(`Invalid hash: ${key} is given both as a value and as an object`, key);
    }
    const child: Node = existing ?? {};
    node[segment] = child;
    node = child;
  }
}

function isIndexKey(key: string): boolean {
  return /^(0|[1-9]\d{0,5})$/.test(key);
}

function finish(node: Node | string): FormValue {
  if (typeof node === "string") return node;
  const keys = Object.keys(node);
  if (keys.length > 0 && keys.every(isIndexKey)) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => finish(node[String(index)]!));
  }
  const result: FormObject = {};
  for (const key of keys) result[key] = finish(node[key]!);
  return result;
}

/** Parses a form body or query string (without the leading "?") into nested objects and arrays. */
export function decodeForm(text: string): FormObject {
  const root: Node = {};
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const rawKey = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? "" : pair.slice(equals + 1);
    const key = decodeComponent(rawKey);
    assign(root, key, splitKey(key), decodeComponent(rawValue));
  }
  // The top level is always a hash, even if a caller sent numeric names.
  const result: FormObject = {};
  for (const key of Object.keys(root)) result[key] = finish(root[key]!);
  return result;
}
