import NextAuth from "next-auth";
import { markGuard } from "@/lib/api/route-guard";
import { getAuthOptions } from "@/lib/auth/next-auth-options";

// GET|POST /api/auth/* – next-auth (sign-in, sign-out, session, CSRF) on the tenant's own host
const handler = NextAuth(getAuthOptions());
const guarded = markGuard(handler, { kind: "public", reason: "next-auth endpoints authenticate by themselves" });

export { guarded as GET, guarded as POST };
