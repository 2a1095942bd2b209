import {
  MongoClientClosedError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from "mongodb";
import { AppError } from "@/lib/errors";

// After MongoDB fails to answer, audit writes go straight to Redis for a few seconds instead of each
// waiting out the driver's server-selection timeout: one slow request per window, not every one.
const DOWN_WINDOW_MS = 5_000;

let downUntil = 0;

/** True if the error means the audit store could not be reached (as opposed to refusing a write). */
export function isAuditStoreUnavailable(error: unknown): boolean {
  return (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoServerClosedError ||
    error instanceof MongoClientClosedError ||
    error instanceof MongoOperationTimeoutError
  );
}

export function markAuditStoreDown(): void {
  downUntil = Date.now() + DOWN_WINDOW_MS;
}

export function markAuditStoreUp(): void {
  downUntil = 0;
}

/** Whether a recent failure says to skip MongoDB for now. */
export function isAuditStoreMarkedDown(): boolean {
  return Date.now() < downUntil;
}

/** Reads fail with 503 (retry later) when MongoDB is unreachable; anything else is rethrown. */
export function toAuditReadError(error: unknown): unknown {
  if (!isAuditStoreUnavailable(error)) return error;
  console.error("[audit] store unavailable", error);
  return new AppError("service_unavailable", "The audit log is unavailable; try again shortly.", undefined, { "Retry-After": "5" });
}
