import { z } from "zod";
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from "@/lib/errors/app-error";
import type { Assert, SameType } from "../same-type";

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** The body of every error answer (lib/errors/app-error.ts). */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).describe("Stable machine code; the HTTP status follows from it."),
      message: z.string().describe("For people; may change."),
      details: z
        .array(
          z.object({
            field: z.string().optional().describe("The field (dotted path) or query parameter at fault."),
            row: z.number().int().optional().describe("The row index, for batch bodies such as metrics."),
            message: z.string(),
          }),
        )
        .optional(),
    }),
  })
  .describe("Every error answer: a stable code, a human message and, for invalid input, one detail per field.");

export type ErrorBodyMatches = Assert<SameType<z.output<typeof errorBodySchema>, ErrorBody>>;
