import type { NextRequest, NextResponse } from "next/server";
import { routeRequest } from "@/lib/middleware/route-request";

// Edge entry point: host parsing, rewriting and security headers (a CSP nonce per page); tenants are
// resolved later in Node code.
export function middleware(req: NextRequest): NextResponse {
  return routeRequest(req);
}

// Runs on every path except Next's internals (/_next/: build assets, image optimiser) and public files
// fetched by extension. Paths under /t/ and /api/ run it whatever their extension, so a file-like URL can
// never reach the internal tenant segment or an API route without the host check and header sanitising.
export const config = {
  matcher: [
    "/((?!_next/|favicon\\.ico$|(?!t/|t$|api/).*\\.(?:svg|png|jpe?g|gif|webp|avif|ico|txt|xml|webmanifest|woff2?)$).*)",
  ],
};
