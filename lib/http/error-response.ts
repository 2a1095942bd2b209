import { ZodError } from "zod";
import { AppError, fromZodError, toErrorBody } from "@/lib/errors";

const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ETIMEDOUT", "ENOTFOUND", "P1001", "P1002", "P2024", "57P01", "53300"]);

function isDependencyDown(error: unknown): boolean {
  for (let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === "string" && UNAVAILABLE_CODES.has(current.code)) return true;
    current = current.cause as typeof current;
  }
  return false;
}

/** The single place an exception becomes an HTTP answer. Internal messages are logged, never sent. */
export function errorResponse(error: unknown, requestId: string): Response {
  let appError: AppError;
  if (error instanceof AppError) appError = error;
  else if (error instanceof ZodError) appError = fromZodError(error);
  else if (isDependencyDown(error)) {
    console.error(`[${requestId}] dependency unavailable`, error);
    appError = new AppError("service_unavailable", "A service this request needs is unavailable; try again shortly.", undefined, {
      "Retry-After": "5",
    });
  } else {
    console.error(`[${requestId}] unhandled error`, error);
    appError = new AppError("internal_error", "Something went wrong on our side.");
  }
  return Response.json(toErrorBody(appError), {
    status: appError.status,
    headers: { "x-request-id": requestId, "cache-control": "no-store", ...appError.headers },
  });
}
