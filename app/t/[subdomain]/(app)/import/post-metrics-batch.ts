// One POST /api/v1/metrics, retried where a retry is safe: the upsert is idempotent, so sending a batch
// twice after a lost answer changes nothing.

import type { MetricRowInput } from "@/lib/metrics/csv-formats";

export type BatchResult =
  | { kind: "imported" }
  | { kind: "rejected"; details: { row: number; field: string; message: string }[] }
  | { kind: "fatal"; message: string };

interface ErrorBody {
  error?: { message?: string; details?: { row?: number; field?: string; message?: string }[] };
}

const MAX_ATTEMPTS = 5;
const MAX_WAIT_MS = 60_000;

export async function postMetricsBatch(siteId: string, rows: MetricRowInput[], signal: AbortSignal): Promise<BatchResult> {
  const body = JSON.stringify({ siteId, rows });
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch("/api/v1/metrics", { method: "POST", headers: { "content-type": "application/json" }, body, signal });
    } catch (error) {
      if (signal.aborted) throw error;
      if (attempt >= MAX_ATTEMPTS) return { kind: "fatal", message: "The server could not be reached; the import stopped." };
      await sleep(backoff(attempt), signal);
      continue;
    }
    if (response.ok) return { kind: "imported" };
    const errorBody = (await response.json().catch(() => ({}))) as ErrorBody;
    const isTransient = response.status === 429 || response.status >= 500;
    if (isTransient && attempt < MAX_ATTEMPTS) {
      await sleep(retryAfter(response) ?? backoff(attempt), signal);
      continue;
    }
    const details = errorBody.error?.details ?? [];
    const rowDetails = details.filter((detail): detail is { row: number; field?: string; message?: string } => typeof detail.row === "number");
    if (response.status === 422 && rowDetails.length > 0) {
      return {
        kind: "rejected",
        details: rowDetails.map((detail) => ({ row: detail.row, field: detail.field ?? "", message: detail.message ?? "Rejected by the server." })),
      };
    }
    // Anything else (the site is gone, the session expired, a request-level validation error) would
    // fail the same way for every following batch, so the import stops here.
    const reason = details.find((detail) => detail.message)?.message;
    const message = errorBody.error?.message ?? `The server answered HTTP ${response.status}.`;
    return { kind: "fatal", message: reason ? `${message} ${reason}` : message };
  }
}

function backoff(attempt: number): number {
  return Math.min(500 * 2 ** attempt, MAX_WAIT_MS);
}

function retryAfter(response: Response): number | null {
  const seconds = Number(response.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_WAIT_MS) : null;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
