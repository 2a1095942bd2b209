import { MongoServerError } from "mongodb";
import { getRedis, redisKeys } from "@/lib/redis";
import { appendAuditEvent } from "./append-audit-event";
import { isAuditStoreUnavailable, markAuditStoreDown, markAuditStoreUp } from "./audit-store-health";
import { auditDatabaseName } from "./client";
import { parseParkedEvent } from "./parked-audit-event";

const BATCH = 100;
// Bounds one cron run; the rest waits for the next run.
const MAX_PER_RUN = 10_000;
// Server errors about the document itself: retrying cannot help, and the entry must not block the
// queue. BadValue, DocumentValidationFailure, BSONObjectTooLarge, KeyTooLong.
const DOCUMENT_REJECTED_CODES = new Set([2, 121, 10334, 17280]);

export interface FlushResult {
  /** Appended to their tenants' chains now. */
  written: number;
  /** Already stored (flushed before, or the original write landed after all). */
  alreadyStored: number;
  /** Entries that are not audit events, or that MongoDB refuses: moved to the rejected stream. */
  rejected: number;
  /** Still parked (MongoDB failed again, or the per-run bound was reached). */
  remaining: number;
  /** MongoDB failed during the run: the rest waits for the next one. */
  interrupted: boolean;
}

type EntryOutcome = "written" | "alreadyStored" | { rejected: string } | "interrupted";

function streamIdOrder(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split("-").map(Number);
  const [bMs = 0, bSeq = 0] = b.split("-").map(Number);
  return aMs - bMs || aSeq - bSeq;
}

function isDocumentRejected(error: unknown): error is MongoServerError {
  return error instanceof MongoServerError && typeof error.code === "number" && DOCUMENT_REJECTED_CODES.has(error.code);
}

async function flushEntry(entry: Record<string, unknown> | undefined): Promise<EntryOutcome> {
  const event = parseParkedEvent(entry?.event);
  if (!event) return { rejected: "not an audit event" };
  try {
    const outcome = await appendAuditEvent(event);
    markAuditStoreUp();
    return outcome === "appended" ? "written" : "alreadyStored";
  } catch (error) {
    if (isDocumentRejected(error)) {
      console.error(`[audit] MongoDB refused parked event ${event.id}; set aside`, error);
      return { rejected: `MongoDB error ${error.code}` };
    }
    if (isAuditStoreUnavailable(error)) markAuditStoreDown();
    console.error(`[audit] flush stopped at parked event ${event.id}`, error);
    return "interrupted";
  }
}

/**
 * Writes parked events to MongoDB, oldest first, each taking the next place in its tenant's chain.
 * An entry leaves Redis only after MongoDB has it, and writing is idempotent by event id, so a run
 * that dies half-way or two runs at once store every event exactly once.
 */
export async function flushParkedAuditEvents(): Promise<FlushResult> {
  const redis = getRedis();
  const database = auditDatabaseName();
  const key = redisKeys.auditParked(database);
  const result: FlushResult = { written: 0, alreadyStored: 0, rejected: 0, remaining: 0, interrupted: false };

  let handled = 0;
  while (!result.interrupted && handled < MAX_PER_RUN) {
    const entries = await redis.xrange<Record<string, unknown>>(key, "-", "+", BATCH);
    const streamIds = Object.keys(entries).sort(streamIdOrder);
    if (streamIds.length === 0) break;
    for (const streamId of streamIds) {
      const outcome = await flushEntry(entries[streamId]);
      if (outcome === "interrupted") {
        result.interrupted = true;
        break;
      }
      if (typeof outcome === "object") {
        await redis.xadd(redisKeys.auditParkedRejected(database), "*", { reason: outcome.rejected, entry: JSON.stringify(entries[streamId] ?? null) });
        result.rejected += 1;
      } else {
        result[outcome] += 1;
      }
      await redis.xdel(key, streamId);
      handled += 1;
    }
  }
  result.remaining = await redis.xlen(key);
  return result;
}
