import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getConfig } from "@/lib/config";
import { auditSignIn, auditSignOut, type SignInAuditContext } from "./audit-auth-events";
import { authorizeCredentials } from "./authorize-credentials";

// next-auth v4 takes its origin from X-Forwarded-Host when AUTH_TRUST_HOST is set. The edge
// middleware overwrites that header with the request's own Host, so every tenant subdomain gets
// callbacks and redirects on its own host, and a client-sent X-Forwarded-Host changes nothing.
process.env.AUTH_TRUST_HOST ??= "true";

declare module "next-auth" {
  interface User {
    tenantId: string;
    roleMask: number;
    /** For the signIn event's audit record only; never copied into the token. */
    auditContext?: SignInAuditContext;
  }
  interface Session {
    userId: string;
    tenantId: string;
    roleMask: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    tenantId?: string;
    roleMask?: number;
  }
}

const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

let cached: NextAuthOptions | undefined;

/** next-auth configuration: credentials checked within the tenant of the request's host. */
export function getAuthOptions(): NextAuthOptions {
  cached ??= {
    secret: getConfig().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // Tenant-relative paths: on acme.<root>, /signin is rewritten to the tenant's sign-in page.
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (credentials, request) => authorizeCredentials(credentials, request),
      }),
    ],
    events: {
      signIn: ({ user }) => auditSignIn(user),
      signOut: ({ token }) => auditSignOut(token),
    },
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.tenantId = user.tenantId;
          token.roleMask = user.roleMask;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub ?? "", tenantId: token.tenantId ?? "", roleMask: token.roleMask ?? 0 };
      },
    },
  };
  return cached;
}
