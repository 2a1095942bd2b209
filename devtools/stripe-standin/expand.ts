// `expand[]`: related objects come back as ID strings unless the request names their path
// (`subscription`, `latest_invoice`, `data.customer`, `subscription.latest_invoice`). Intermediate
// levels are expanded on the way, arrays apply the rest of the path to each element, and Stripe
// refuses paths deeper than four levels or that do not lead to an expandable ID.
import { invalidRequest } from "./errors.ts";
import { cloneJson, isJsonObject, type Json, type JsonObject } from "./json.ts";

const MAX_DEPTH = 4;

export type Resolve = (id: string) => JsonObject | undefined;

function notExpandable(path: string): never {
  throw invalidRequest(`This property cannot be expanded (${path}).`, "expand");
}

function expandAt(target: Json, segments: string[], path: string, resolve: Resolve): void {
  if (Array.isArray(target)) {
    for (const element of target) expandAt(element, segments, path, resolve);
    return;
  }
  if (!isJsonObject(target)) return notExpandable(path);
  const [key, ...rest] = segments;
  if (key === undefined) return;
  let value = target[key];
  if (value === undefined) return notExpandable(path);
  if (typeof value === "string") {
    const related = resolve(value);
    if (related === undefined) return notExpandable(path);
    value = cloneJson(related);
    target[key] = value;
  }
  // null stays null (no related object), already-embedded objects (a subscription item's price) stay.
  if (value === null || rest.length === 0) return;
  expandAt(value, rest, path, resolve);
}

/** A copy of `object` with every path in `paths` expanded. */
export function expandObject<T extends JsonObject>(object: T, paths: readonly string[], resolve: Resolve): T {
  const copy = cloneJson(object);
  for (const path of paths) {
    const segments = path.split(".");
    if (segments.length > MAX_DEPTH) {
      throw invalidRequest(`You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`, "expand");
    }
    expandAt(copy, segments, path, resolve);
  }
  return copy;
}
