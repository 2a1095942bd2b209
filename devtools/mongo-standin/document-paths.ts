// Dotted field paths ("actor.id", "items.0.qty") on stored documents.
import type { Document } from "bson";
import { isPlainObject } from "./bson-values.ts";
import { CommandError } from "./command-error.ts";

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

export function splitPath(path: string): string[] {
  const parts = path.split(".");
  if (parts.some((part) => part === "")) throw new CommandError("BadValue", `empty field name in path '${path}'`);
  return parts;
}

function child(container: unknown, part: string): unknown {
  if (Array.isArray(container)) return ARRAY_INDEX.test(part) ? container[Number(part)] : undefined;
  if (isPlainObject(container)) return Object.hasOwn(container, part) ? container[part] : undefined;
  return undefined;
}

/** The value at a path, following numeric parts into arrays; undefined when missing. */
export function getPath(document: Document, path: string): unknown {
  let current: unknown = document;
  for (const part of splitPath(path)) {
    current = child(current, part);
    if (current === undefined) return undefined;
  }
  return current;
}

/** Sets a value, creating embedded documents on the way (MongoDB `$set` semantics). */
export function setPath(document: Document, path: string, value: unknown): void {
  const parts = splitPath(path);
  let container: unknown = document;
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as string;
    const isLast = i === parts.length - 1;
    if (Array.isArray(container)) {
      if (!ARRAY_INDEX.test(part)) {
        throw new CommandError("PathNotViable", `Cannot create field '${part}' in an array (path '${path}')`);
      }
      const index = Number(part);
      // MongoDB pads with nulls when setting past the end of an array.
      while (container.length < index) container.push(null);
      if (isLast) container[index] = value;
      else if (container[index] === undefined) container[index] = {};
      container = container[index];
    } else if (isPlainObject(container)) {
      if (isLast) container[part] = value;
      else if (container[part] === undefined) container[part] = {};
      container = container[part];
    } else {
      throw new CommandError("PathNotViable", `Cannot create field '${part}' in element of path '${path}'`);
    }
  }
}

/** Removes a field; an array element is set to null instead, as MongoDB does. */
export function unsetPath(document: Document, path: string): void {
  const parts = splitPath(path);
  const last = parts.pop() as string;
  let container: unknown = document;
  for (const part of parts) {
    container = child(container, part);
    if (container === undefined) return;
  }
  if (Array.isArray(container) && ARRAY_INDEX.test(last)) {
    if (Number(last) < container.length) container[Number(last)] = null;
  } else if (isPlainObject(container)) {
    delete container[last];
  }
}

/**
 * Every value a path reaches, descending into arrays of embedded documents the way an index does
 * (`items.sku` over `items: [{sku: "a"}, {sku: "b"}]` reaches "a" and "b"). A missing path reaches
 * nothing.
 */
export function collectPathValues(document: unknown, parts: readonly string[], from = 0): unknown[] {
  if (from === parts.length) return [document];
  const head = parts[from] as string;
  if (Array.isArray(document)) {
    if (ARRAY_INDEX.test(head)) {
      const item: unknown = document[Number(head)];
      return item === undefined ? [] : collectPathValues(item, parts, from + 1);
    }
    return document.flatMap((item) => (isPlainObject(item) ? collectPathValues(item, parts, from) : []));
  }
  if (!isPlainObject(document) || !Object.hasOwn(document, head)) return [];
  return collectPathValues(document[head], parts, from + 1);
}
