import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { TENANT_HEADER } from "@/lib/middleware/tenant-header";
import type { TestUser } from "./factories";

// Route handlers are called directly with the headers the edge middleware would have set (its own
// behaviour is covered in tests/unit/route-request.test.ts).

export const ROOT = process.env.APP_ROOT_DOMAIN ?? "roispectrum.localhost:3000";

interface RequestOptions {
  method?: string;
  json?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  apiKey?: string;
  sessionToken?: string;
  /** A same-site Origin is added to cookie-authenticated writes unless this is set (null = none). */
  origin?: string | null;
}

/** A fresh client address, so rate-limit buckets never leak between tests. */
export function randomIp(): string {
  const bytes = randomBytes(3);
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`;
}

function build(host: string, path: string, options: RequestOptions, extra: Record<string, string>): NextRequest {
  const headers = new Headers({ host, "x-forwarded-proto": "http", "x-forwarded-for": randomIp(), ...extra });
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  if (options.apiKey) headers.set("authorization", `Bearer ${options.apiKey}`);
  if (options.sessionToken) headers.set("cookie", `next-auth.session-token=${options.sessionToken}`);
  const method = options.method ?? (options.json !== undefined || options.rawBody !== undefined ? "POST" : "GET");
  if (options.origin !== null && !headers.has("origin") && method !== "GET") headers.set("origin", options.origin ?? `http://${host}`);
  let body: string | undefined = options.rawBody;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return new NextRequest(`http://${host}${path}`, { method, headers, body });
}

/** A request to a tenant's host, as it reaches a route handler after the middleware. */
export function tenantRequest(subdomain: string, path: string, options: RequestOptions = {}): NextRequest {
  return build(`${subdomain}.${ROOT}`, path, options, { [TENANT_HEADER]: subdomain });
}

/** A request to the marketing site's host. */
export function rootRequest(path: string, options: RequestOptions = {}): NextRequest {
  return build(ROOT, path, options, {});
}

/** A next-auth session token for the user, as the sign-in flow would mint it. */
export function mintSessionToken(user: Pick<TestUser, "id" | "tenantId" | "roleMask" | "email">, secret = process.env.NEXTAUTH_SECRET!): Promise<string> {
  return encode({ token: { sub: user.id, email: user.email, tenantId: user.tenantId, roleMask: user.roleMask }, secret });
}

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls a route handler and parses its JSON answer. */
export async function call<T = Record<string, unknown>>(handler: Handler, request: NextRequest, params: Record<string, string> = {}): Promise<CallResult<T>> {
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
}
