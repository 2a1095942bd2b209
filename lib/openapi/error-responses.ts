import { ERROR_STATUS, type ErrorCode } from "@/lib/errors/app-error";
import { DEFAULT_MAX_BODY_BYTES } from "@/lib/http/read-raw-body";
import type { ApiOperation, OperationError } from "./api-operation";

// The errors an operation can answer, derived from what it is: its guard (lib/api/with-*.ts), whether
// it reads a JSON body (lib/http/read-json-body.ts) or a query string, plus what its domain code adds.
// Every error body is the one `Error` schema; the status follows from the code (lib/errors/app-error.ts).

const DEPENDENCY_DOWN: OperationError = { code: "service_unavailable", when: "a service it needs (database, Redis) is unreachable; retry after `Retry-After`" };

const GUARD_ERRORS: Record<ApiOperation["auth"]["kind"], OperationError[]> = {
  tenant: [
    { code: "unauthorized", when: "no valid session cookie or API key for this workspace" },
    { code: "forbidden", when: "the caller's role lacks the permission, or a cookie-authenticated write comes from another origin" },
    { code: "not_found", when: "unknown workspace host, or an object that does not exist or belongs to another workspace (never told apart)" },
    { code: "rate_limited", when: "an API key's workspace has spent its per-minute API quota (by plan; browser sessions are not counted); see `Retry-After` and the `RateLimit-*` headers" },
    DEPENDENCY_DOWN,
  ],
  public: [],
  cron: [{ code: "unauthorized", when: "missing or wrong `Authorization: Bearer $CRON_SECRET`" }],
  webhook: [
    { code: "bad_request", when: "missing or invalid `Stripe-Signature`, or a stale timestamp" },
    { code: "service_unavailable", when: "the event could not be queued (Redis down); Stripe retries" },
  ],
};

function bodyErrors(op: ApiOperation): OperationError[] {
  if (!op.body) return [];
  const cap = op.body.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const tooLarge: OperationError = { code: "payload_too_large", when: `the body is over ${cap >= 1024 * 1024 ? `${cap / (1024 * 1024)} MiB` : `${cap / 1024} KiB`}` };
  if (op.body.raw) return [tooLarge];
  return [
    { code: "invalid_json", when: "the body is not valid JSON" },
    tooLarge,
    { code: "unsupported_media_type", when: "the body is not sent as application/json" },
    { code: "validation_failed", when: "a field is missing or invalid; `details` names each one" },
  ];
}

function queryErrors(op: ApiOperation): OperationError[] {
  if (!op.query) return [];
  return [op.queryError ?? { code: "validation_failed", when: "a query parameter is invalid or unknown; `details` names it" }];
}

function publicErrors(op: ApiOperation): OperationError[] {
  if (op.auth.kind !== "public" || !op.auth.rateLimit) return [];
  return [
    { code: "rate_limited", when: "too many requests from this address; see `Retry-After`" },
    { code: "service_unavailable", when: "the rate limiter is unreachable (fails closed)" },
  ];
}

export interface ErrorStatus {
  status: number;
  errors: OperationError[];
}

/** The operation's error answers grouped by status, each code once (the first reason wins). */
export function errorStatusesOf(op: ApiOperation): ErrorStatus[] {
  const all = [...GUARD_ERRORS[op.auth.kind], ...publicErrors(op), ...bodyErrors(op), ...queryErrors(op), ...(op.errors ?? [])];
  const byStatus = new Map<number, OperationError[]>();
  const seen = new Set<string>();
  for (const error of all) {
    const key = `${error.code}:${error.when}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const status = ERROR_STATUS[error.code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), error]);
  }
  return [...byStatus.entries()].sort(([a], [b]) => a - b).map(([status, errors]) => ({ status, errors }));
}

/** The codes of a status, for the `x-error-codes` extension. */
export function codesOf(status: ErrorStatus): ErrorCode[] {
  return [...new Set(status.errors.map((error) => error.code))];
}
