import type { z } from "zod";
import type { RouteGuard } from "@/lib/api/route-guard";
import type { ErrorCode } from "@/lib/errors/app-error";
import type { LimitName } from "@/lib/rate-limit/limiters";

// One entry of the API reference: what a route file does, described from the same zod schemas its
// handler parses. The registry (lib/openapi/paths/*) is checked against the route files themselves
// (tests/integration/openapi.test.ts): every route described, nothing described that does not exist,
// and each entry's auth equal to the guard its handler is wrapped in.

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A JSON Schema object (2020-12, as OpenAPI 3.1 uses it). */
export type JsonSchema = { [keyword: string]: unknown };

/** A schema in the registry: a zod schema (converted on its input side) or a hand-written JSON Schema. */
export type SchemaSource = z.ZodType | JsonSchema;

/**
 * The operation's guard, as the route file declares it (lib/api/route-guard.ts). Public routes may
 * name the rate limit they enforce; their `reason` stays in the route file.
 */
export type OperationAuth =
  | Extract<RouteGuard, { kind: "tenant" | "cron" | "webhook" }>
  | { kind: "public"; rateLimit?: LimitName };

export interface SuccessResponse {
  status: 200 | 201 | 202 | 204;
  description: string;
  /** Omitted for 204 and for bodies described only in words. */
  schema?: SchemaSource;
  /** Name under components/schemas (referenced, not inlined). */
  schemaName?: string;
  contentType?: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}

/** An error the operation itself can raise, beyond those its guard, body and query imply. */
export interface OperationError {
  code: ErrorCode;
  when: string;
}

export interface ApiOperation {
  method: HttpMethod;
  /** OpenAPI-style path: /api/v1/sites/{id}. */
  path: string;
  tag: string;
  operationId: string;
  summary: string;
  description?: string;
  auth: OperationAuth;
  /** Which host answers: the marketing site, a workspace's, or both (default: tenant routes a workspace's, others both). */
  host?: "root" | "workspace" | "any";
  pathParams?: Record<string, { description: string; schema?: JsonSchema }>;
  /** The zod object the handler parses its query string with. */
  query?: z.ZodObject;
  /** Words for query parameters the schema leaves undescribed. */
  queryDescriptions?: Record<string, string>;
  /** The zod schema the handler parses its JSON body with. */
  body?: {
    schema: SchemaSource;
    schemaName: string;
    /** The body cap of readJsonBody (default 1 MiB). */
    maxBytes?: number;
    contentType?: string;
    example?: unknown;
    /** Adjusts the converted schema where zod checks part of the body later (see paths/metrics.ts). */
    refine?: (schema: JsonSchema) => JsonSchema;
    /** The handler reads the raw bytes (to verify a signature) rather than parsing JSON itself. */
    raw?: boolean;
  };
  /** Headers the operation reads, beyond authentication. */
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  response: SuccessResponse;
  errors?: OperationError[];
  /** Replaces the default 422 for an invalid query (the audit log's filters answer 400). */
  queryError?: OperationError;
}
