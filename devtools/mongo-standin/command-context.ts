import type { Document } from "bson";
import { isPlainObject, optionNumber } from "./bson-values.ts";
import { CommandError } from "./command-error.ts";
import type { CursorRegistry } from "./cursor-registry.ts";
import { assertCollectionName, type Store } from "./store.ts";

export interface CommandContext {
  readonly store: Store;
  readonly cursors: CursorRegistry;
  readonly connectionId: number;
  /** The command's `$db`. */
  readonly db: string;
}

export type CommandHandler = (command: Document, context: CommandContext) => Document;

/** The collection a command names in its first field (`{find: "events", …}`). */
export function targetCollection(command: Document): string {
  const name: unknown = Object.values(command)[0];
  assertCollectionName(name);
  return name;
}

export function documentOption(command: Document, field: string): Document {
  const value: unknown = command[field];
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw new CommandError("TypeMismatch", `'${field}' must be a document`);
  return value;
}

export function documentsOption(command: Document, field: string): Document[] {
  const value: unknown = command[field];
  if (!Array.isArray(value) || !value.every(isPlainObject)) {
    throw new CommandError("TypeMismatch", `'${field}' must be an array of documents`);
  }
  return value;
}

export function optionalNumber(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : optionNumber(value, 0);
}

/** `cursor.batchSize` of aggregate/listIndexes/listCollections. */
export function cursorBatchSize(command: Document): number | undefined {
  const cursor: unknown = command.cursor;
  return isPlainObject(cursor) ? optionalNumber(cursor.batchSize) : undefined;
}
