import type { ZodError } from "zod";
import { AppError } from "./app-error";

/** A ZodError as a 422 with one detail per field (the only place this translation happens). */
export function fromZodError(error: ZodError, message = "The request has invalid fields."): AppError {
  const details = error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join(".") : "(body)",
    message: issue.message,
  }));
  return new AppError("validation_failed", message, details);
}
