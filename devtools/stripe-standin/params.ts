// Typed reads of decoded form parameters, with Stripe's validation errors. Every value on the wire is a
// string: booleans are "true"/"false", timestamps and amounts are integers, and "" means "unset"
// for emptyable parameters (metadata, cancel_at, ...).
import { invalidRequest, missingParam } from "./errors.ts";
import type { FormObject, FormValue } from "./form-decode.ts";

export type RangeFilter = { gt?: number; gte?: number; lt?: number; lte?: number };

export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly prefix = "",
  ) {}

  /** The parameter's name as Stripe reports it in `error.param`, e.g. `line_items[0][price]`. */
  nameOf(key: string): string {
    return this.prefix === "" ? key : `${this.prefix}[${key}]`;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  keys(): string[] {
    return Object.keys(this.raw);
  }

  /** Stripe rejects parameters an endpoint does not define; typos fail loudly instead of being ignored. */
  rejectUnknown(known: readonly string[]): void {
    for (const key of this.keys()) {
      if (key !== "expand" && !known.includes(key)) {
        throw invalidRequest(`Received unknown parameter: ${this.nameOf(key)}`, this.nameOf(key), "parameter_unknown");
      }
    }
  }

  string(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw invalidRequest(`Invalid string: ${this.nameOf(key)} must be a string`, this.nameOf(key));
    return value;
  }

  /** A required string: absent → parameter_missing; "" → parameter_invalid_empty (Stripe reads "" as unset). */
  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined) throw missingParam(this.nameOf(key));
    if (value === "") {
      const name = this.nameOf(key);
      throw invalidRequest(
        `You passed an empty string for '${name}'. We assume empty values are an attempt to unset a parameter; however '${name}' cannot be unset. You should remove '${name}' from your request or supply a non-empty value.`,
        name,
        "parameter_invalid_empty",
      );
    }
    return value;
  }

  integer(key: string): number | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw invalidRequest(`Invalid integer: ${value}`, this.nameOf(key), "parameter_invalid_integer");
    return Number(value);
  }

  boolean(key: string): boolean | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (value !== "true" && value !== "false") throw invalidRequest(`Invalid boolean: ${value}`, this.nameOf(key));
    return value === "true";
  }

  enumValue<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    const match = allowed.find((candidate) => candidate === value);
    if (match === undefined) {
      throw invalidRequest(`Invalid ${this.nameOf(key)}: must be one of ${allowed.join(", ")}`, this.nameOf(key));
    }
    return match;
  }

  object(key: string): Params | undefined {
    const value = this.raw[key];
    if (value === undefined || value === "") return undefined;
    if (typeof value === "string" || Array.isArray(value)) {
      throw invalidRequest(`Invalid object: ${this.nameOf(key)} must be a hash`, this.nameOf(key));
    }
    return new Params(value, this.nameOf(key));
  }

  /** An array of hashes, e.g. `line_items[0][price]=...`. */
  objectList(key: string): Params[] | undefined {
    const value = this.raw[key];
    if (value === undefined || value === "") return undefined;
    if (!Array.isArray(value)) throw invalidRequest(`Invalid array: ${this.nameOf(key)} must be an array`, this.nameOf(key));
    return value.map((item, index) => {
      const name = `${this.nameOf(key)}[${index}]`;
      if (typeof item === "string" || Array.isArray(item)) throw invalidRequest(`Invalid object: ${name} must be a hash`, name);
      return new Params(item, name);
    });
  }

  stringList(key: string): string[] | undefined {
    const value: FormValue | undefined = this.raw[key];
    if (value === undefined || value === "") return undefined;
    if (!Array.isArray(value)) throw invalidRequest(`Invalid array: ${this.nameOf(key)} must be an array`, this.nameOf(key));
    return value.map((item, index) => {
      if (typeof item !== "string") throw invalidRequest(`Invalid string: ${this.nameOf(key)}[${index}]`, `${this.nameOf(key)}[${index}]`);
      return item;
    });
  }

  /**
   * metadata is emptyable: `metadata=` clears every key (→ null here), `metadata[k]=` clears one key
   * (→ "" for that key), otherwise keys are merged into the existing metadata.
   */
  metadata(key: string): Record<string, string> | null | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (value === "") return null;
    if (typeof value === "string" || Array.isArray(value)) {
      throw invalidRequest(`Invalid object: ${this.nameOf(key)} must be a hash`, this.nameOf(key));
    }
    const result: Record<string, string> = {};
    for (const [entryKey, entryValue] of Object.entries(value)) {
      if (typeof entryValue !== "string") throw invalidRequest(`Invalid metadata value for ${entryKey}`, `${this.nameOf(key)}[${entryKey}]`);
      result[entryKey] = entryValue;
    }
    return result;
  }

  /** `created=123` (exact) or `created[gte]=123&created[lt]=456`. */
  range(key: string): RangeFilter | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value === "string") {
      const exact = this.integer(key)!;
      return { gte: exact, lte: exact };
    }
    const nested = this.object(key);
    if (nested === undefined) return undefined;
    nested.rejectUnknown(["gt", "gte", "lt", "lte"]);
    return { gt: nested.integer("gt"), gte: nested.integer("gte"), lt: nested.integer("lt"), lte: nested.integer("lte") };
  }

  /** `expand[0]=subscription` / `expand[]=subscription` on every operation. */
  expand(): string[] {
    return this.stringList("expand") ?? [];
  }
}

export function matchesRange(value: number, range: RangeFilter | undefined): boolean {
  if (range === undefined) return true;
  if (range.gt !== undefined && !(value > range.gt)) return false;
  if (range.gte !== undefined && !(value >= range.gte)) return false;
  if (range.lt !== undefined && !(value < range.lt)) return false;
  if (range.lte !== undefined && !(value <= range.lte)) return false;
  return true;
}

/** metadata updates: merge keys, "" deletes a key, null (from `metadata=`) clears all. */
export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | null | undefined): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  const merged = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === "") delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
