import type { z } from "zod";
import { fromZodError } from "@/lib/errors";

/** Validates input against a schema, throwing the 422 with one detail per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}
