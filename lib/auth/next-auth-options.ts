import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http";
import { getTenantBySubdomain, tenantSubdomainFromHeaders } from "@/lib/tenants";
import { authenticateUser } from "./authenticate-user";

// next-auth v4 takes its origin from X-Forwarded-Host when AUTH_TRUST_HOST is set. The edge
// middleware overwrites that header with the request's own Host, so every tenant subdomain gets
// callbacks and redirects on its own host, and a client-sent X-Forwarded-Host changes nothing.
process.env.AUTH_TRUST_HOST ??= "true";

declare module "next-auth" {
  interface User {
    tenantId: string;
    roleMask: number;
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

function toHeaders(raw: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw ?? {})) if (typeof value === "string") headers.set(name, value);
  return headers;
}

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
        async authorize(credentials, request) {
          const headers = toHeaders(request?.headers as Record<string, unknown> | undefined);
          const subdomain = tenantSubdomainFromHeaders(headers);
          const tenant = subdomain ? await getTenantBySubdomain(subdomain) : null;
          if (!tenant) return null;
          try {
            const principal = await authenticateUser(tenant, credentials, clientIp(headers));
            if (!principal) return null;
            return { id: principal.userId, email: principal.email, tenantId: tenant.id, roleMask: principal.roleMask };
          } catch (error) {
            // next-auth passes an Error's message to the client as `error`; send only our stable code.
            if (error instanceof AppError) throw new Error(error.code);
            throw error;
          }
        },
      }),
    ],
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
