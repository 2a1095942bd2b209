// A small corpus of hostile inputs for every string parameter of every tenant route
// (tests/integration/injection.test.ts): SQL, NoSQL/operator, path traversal, oversized and odd
// unicode. Every entry must come back as data or as a JSON 4xx: never a 5xx, never anything of
// another tenant, never a change a rejected request should not make, never a delay (the sleep
// payloads would take 5 s if executed).

export type InjectionValue = string | number | boolean | null | InjectionValue[] | { [key: string]: InjectionValue };

export interface InjectionPayload {
  family: "sql" | "nosql" | "traversal" | "size" | "unicode" | "header";
  name: string;
  /** A string, or (operator injection) a JSON value put where the route expects a string. */
  value: InjectionValue;
}

/** Any payload whose execution would sleep; the test bounds the response time. */
export const SLEEP_SECONDS = 5;

export const INJECTION_CORPUS: InjectionPayload[] = [
  // SQL: tautologies, stacked queries, UNION, quote escapes, encoded quotes, time-based blind.
  { family: "sql", name: "tautology", value: "' OR '1'='1" },
  { family: "sql", name: "tautology with comment", value: "x' OR 1=1--" },
  { family: "sql", name: "stacked DROP", value: "1; DROP TABLE sites;--" },
  { family: "sql", name: "UNION of tenants", value: "' UNION SELECT id, name, subdomain, NULL FROM tenants--" },
  { family: "sql", name: "backslash quote", value: "\\'" },
  { family: "sql", name: "url-encoded quote", value: "%27%20OR%20%271%27%3D%271" },
  { family: "sql", name: "pg_sleep stacked", value: `'; SELECT pg_sleep(${SLEEP_SECONDS});--` },
  { family: "sql", name: "pg_sleep boolean", value: `1' AND (SELECT 1 FROM pg_sleep(${SLEEP_SECONDS})) IS NOT NULL AND '1'='1` },
  { family: "sql", name: "RLS setting override", value: "'; SELECT set_config('app.tenant_id', '00000000-0000-0000-0000-000000000000', false);--" },
  { family: "sql", name: "uuid with tautology", value: "00000000-0000-0000-0000-000000000000' OR '1'='1" },
  { family: "sql", name: "dollar quoting", value: "$$; DROP TABLE sites; $$" },
  // NoSQL / operator injection: as JSON text, and as real objects where a string is expected.
  { family: "nosql", name: "$gt as text", value: '{"$gt":""}' },
  { family: "nosql", name: "$ne as text", value: '{"$ne":null}' },
  { family: "nosql", name: "[$where]", value: "[$where]" },
  { family: "nosql", name: "$where sleep as text", value: `{"$where":"sleep(${SLEEP_SECONDS * 1000})"}` },
  { family: "nosql", name: "$gt object", value: { $gt: "" } },
  { family: "nosql", name: "$ne object", value: { $ne: null } },
  { family: "nosql", name: "$regex object", value: { $regex: ".*" } },
  { family: "nosql", name: "array instead of string", value: ["a", "b"] },
  { family: "nosql", name: "regex wildcard", value: ".*" },
  // Path traversal.
  { family: "traversal", name: "dot-dot", value: "../../../../etc/passwd" },
  { family: "traversal", name: "encoded dot-dot", value: "..%2F..%2F..%2Fetc%2Fpasswd" },
  { family: "traversal", name: "internal tenant path", value: "/t/other-tenant/api/v1/sites" },
  // Size.
  { family: "size", name: "10 kB string", value: "A".repeat(10_000) },
  { family: "size", name: "100 kB of quotes", value: "'".repeat(100_000) },
  // Unicode and control characters.
  { family: "unicode", name: "null byte", value: "abc\u0000def" },
  { family: "unicode", name: "lone surrogate", value: "x\uD800y" },
  { family: "unicode", name: "right-to-left override and emoji", value: "\u202Egnp.exe 🚀 𝕊 Ｓｅｌｅｃｔ" },
  { family: "unicode", name: "fullwidth quote", value: "＇ OR ＇1＇=＇1" },
  // Header splitting (values that end up in CSV exports and log lines).
  { family: "header", name: "CRLF", value: "a\r\nSet-Cookie: pwned=1" },
  { family: "header", name: "CSV formula", value: "=HYPERLINK(\"http://evil.test\")" },
];

/** How a payload travels in a query string: strings as-is; JSON values as their text. */
export function queryValueOf(value: InjectionValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
