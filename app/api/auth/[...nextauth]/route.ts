import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { markGuard } from "@/lib/api/route-guard";
import { isSessionOfHost } from "@/lib/auth/is-session-of-host";
import { getAuthOptions } from "@/lib/auth/next-auth-options";

type Context = { params: Promise<{ nextauth: string[] }> };

const handler = NextAuth(getAuthOptions()) as (request: NextRequest, context: Context) => Promise<Response>;

// GET /api/auth/* – next-auth (session, CSRF, providers) on the tenant's own host; a token replayed
// on another tenant's host reads as no session
async function get(request: NextRequest, context: Context): Promise<Response> {
  const response = await handler(request, context);
  if (!request.nextUrl.pathname.endsWith("/session") || response.status !== 200) return response;
  const session: unknown = await response.clone().json().catch(() => null);
  if (await isSessionOfHost(request.headers, session)) return response;
  return NextResponse.json({}, { headers: { "cache-control": "no-store" } });
}

const reason = "next-auth endpoints authenticate by themselves";
// POST /api/auth/* – next-auth sign-in and sign-out
export const POST = markGuard(handler, { kind: "public", reason });
export const GET = markGuard(get, { kind: "public", reason });
