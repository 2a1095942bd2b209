import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { markGuard } from "@/lib/api/route-guard";
import { isSessionOfHost } from "@/lib/auth/is-session-of-host";
import { getAuthOptions } from "@/lib/auth/next-auth-options";

type Context = { params: Promise<{ nextauth: string[] }> };

const handler = NextAuth(getAuthOptions()) as (request: NextRequest, context: Context) => Promise<Response>;

/** next-auth's answer, except that a session shown off its own tenant's host reads as none. */
async function handle(request: NextRequest, context: Context): Promise<Response> {
  const response = await handler(request, context);
  if (!request.nextUrl.pathname.endsWith("/session") || response.status !== 200) return response;
  const session: unknown = await response.clone().json().catch(() => null);
  if (await isSessionOfHost(request.headers, session)) return response;
  return NextResponse.json({}, { headers: { "cache-control": "no-store" } });
}

const reason = "next-auth endpoints authenticate by themselves";
// GET /api/auth/* – next-auth session, CSRF token and providers on the tenant's own host
export const GET = markGuard(handle, { kind: "public", reason });
// POST /api/auth/* – next-auth sign-in, sign-out and session update (the same host rule)
export const POST = markGuard(handle, { kind: "public", reason });
