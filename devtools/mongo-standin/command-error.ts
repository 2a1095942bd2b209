import type { Document } from "bson";
import { MingoError } from "mingo/util";

// The server error codes the stand-in replies with (names as in MongoDB's error_codes.yml; the driver
// and application code branch on the numbers, e.g. 11000 for a duplicate key).
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  UnsupportedOpQueryCommand: 352,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

/** A failure the stand-in reports to the client as `{ok: 0, errmsg, code, codeName}` (or as a write error). */
export class CommandError extends Error {
  readonly code: number;

  constructor(
    readonly codeName: ErrorCodeName,
    message: string,
    /** Extra fields of the error reply, e.g. keyPattern/keyValue of a duplicate key. */
    readonly details: Document = {},
  ) {
    super(message);
    this.code = ErrorCode[codeName];
  }
}

/** Any failure as a CommandError: mingo's complaints about a query or pipeline are BadValue. */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  if (error instanceof MingoError) return new CommandError("BadValue", error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new CommandError("InternalError", `mongo stand-in internal error: ${message}`);
}
