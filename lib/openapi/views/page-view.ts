import { z } from "zod";

/** A keyset page (lib/validation/keyset-page.ts): pass `nextCursor` as `?cursor=` for the next one. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().describe("The cursor of the next page; null on the last one."),
  });
}

export const isoTimeSchema = z.iso.datetime().describe("An ISO 8601 UTC time.");
export const dateSchema = z.iso.date().describe("A calendar date, YYYY-MM-DD.");
export const idSchema = z.uuid();
export const minorUnitsSchema = z.number().int().describe("Integer minor units of `currency` (cents for USD).");
