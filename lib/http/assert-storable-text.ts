import { AppError, type ErrorDetail } from "@/lib/errors";

// PostgreSQL text cannot hold U+0000 (the insert fails: a 500 for bad input), and an unpaired UTF-16
// surrogate cannot be encoded as UTF-8 (it would be stored silently as U+FFFD, i.e. not what was
// sent). Both are refused at the edge of the API, before any domain code sees them.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// No request body of this API nests deeper; the walk below is recursive, so the bound also keeps a
// hostile body (thousands of nested arrays) from overflowing the stack into a 500.
export const MAX_JSON_DEPTH = 32;

function collect(value: unknown, path: string, problems: ErrorDetail[], depth = 0): void {
  if (depth > MAX_JSON_DEPTH && value !== null && typeof value === "object") {
    throw new AppError("bad_request", `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep.`);
  }
  if (typeof value === "string") {
    if (UNSTORABLE.test(value)) problems.push({ field: path || "(body)", message: "Must not contain NUL characters or unpaired surrogates." });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, path ? `${path}.${index}` : String(index), problems, depth + 1));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (UNSTORABLE.test(key)) problems.push({ field: "(body)", message: "A field name contains NUL characters or unpaired surrogates." });
      collect(item, at, problems, depth + 1);
    }
  }
}

/** Throws 422 naming every string (or field name) of the input that PostgreSQL could not store as sent. */
export function assertStorableText(value: unknown): void {
  const problems: ErrorDetail[] = [];
  collect(value, "", problems);
  if (problems.length) throw new AppError("validation_failed", "The request has invalid fields.", problems.slice(0, 20));
}
