// Stripe list responses: {"object":"list","data":[...],"has_more":bool,"url":"/v1/..."}, newest first,
// cursor pagination with `limit` (1–100, default 10), `starting_after` (older than that id) and
// `ending_before` (newer than that id).
import { invalidRequest } from "./errors.ts";
import type { JsonObject } from "./json.ts";
import type { Params } from "./params.ts";

export type ListResponse<T extends JsonObject> = { object: "list"; data: T[]; has_more: boolean; url: string };

export const PAGINATION_PARAMS = ["limit", "starting_after", "ending_before"] as const;

function cursorIndex<T extends { id: string }>(items: readonly T[], id: string, param: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) throw invalidRequest(`No such object: '${id}'`, param, "resource_missing");
  return index;
}

/** `items` must already be filtered and in list order (newest first). */
export function paginate<T extends JsonObject & { id: string }>(items: readonly T[], params: Params, url: string): ListResponse<T> {
  const limit = params.integer("limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest(`Invalid limit: must be between 1 and 100`, "limit");
  const startingAfter = params.string("starting_after");
  const endingBefore = params.string("ending_before");
  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw invalidRequest("You may only specify one of these parameters: ending_before, starting_after.", "ending_before");
  }
  if (endingBefore !== undefined) {
    // The page just before the cursor, still in newest-first order.
    const end = cursorIndex(items, endingBefore, "ending_before");
    const start = Math.max(0, end - limit);
    return { object: "list", data: items.slice(start, end), has_more: start > 0, url };
  }
  const start = startingAfter === undefined ? 0 : cursorIndex(items, startingAfter, "starting_after") + 1;
  const page = items.slice(start, start + limit);
  return { object: "list", data: page, has_more: start + limit < items.length, url };
}
