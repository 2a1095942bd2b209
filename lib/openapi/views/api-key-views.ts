import { z } from "zod";
import type { ApiKeyView } from "@/lib/api-keys/api-key-schemas";
import type { Assert, Flatten, SameType } from "../same-type";
import { idSchema, isoTimeSchema } from "./page-view";

export const apiKeyViewSchema = z.object({
  id: idSchema,
  name: z.string(),
  prefix: z.string().describe("The key's public beginning, to recognise it (`rs_…`)."),
  // Always set for stored keys; typed loosely because it is derived from the role mask.
  role: z.union([z.string(), z.undefined()]).describe("admin, billing, analyst or viewer."),
  createdAt: isoTimeSchema,
  lastUsedAt: isoTimeSchema.nullable().describe("Updated at most every few minutes."),
  revokedAt: isoTimeSchema.nullable(),
});

export const createdApiKeySchema = apiKeyViewSchema.extend({
  key: z.string().describe("The secret (`rs_…`), shown this once and never again: send it as `Authorization: Bearer <key>`."),
});

export type ApiKeyViewMatches = Assert<SameType<z.output<typeof apiKeyViewSchema>, ApiKeyView>>;
export type CreatedApiKeyMatches = Assert<SameType<z.output<typeof createdApiKeySchema>, Flatten<ApiKeyView & { key: string }>>>;
