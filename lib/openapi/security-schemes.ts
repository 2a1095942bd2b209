import { ROLE_PERMISSIONS, ROLES, type Permission } from "@/lib/auth/roles";
import type { ApiOperation } from "./api-operation";

// How callers authenticate, by guard kind (lib/api/with-*.ts). Tenant routes take either a session
// cookie (the web app) or an API key (integrations); both are bound to the workspace of the host.
export const SECURITY_SCHEMES = {
  apiKey: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "rs_…",
    description: "A workspace API key (`rs_…`), created on the workspace's API keys page (`/api-keys`); valid on its own workspace's host only. Its role decides what it may do.",
  },
  session: {
    type: "apiKey",
    in: "cookie",
    name: "next-auth.session-token",
    description: "The web app's session cookie (`__Secure-next-auth.session-token` over https). Cookie-authenticated writes must send a same-origin `Origin`.",
  },
  cronSecret: {
    type: "http",
    scheme: "bearer",
    description: "`Authorization: Bearer $CRON_SECRET`, for the scheduler.",
  },
  stripeSignature: {
    type: "apiKey",
    in: "header",
    name: "Stripe-Signature",
    description: "Stripe's signature over the raw body with the webhook secret (`t=…,v1=…`).",
  },
} as const;

export type SecuritySchemeName = keyof typeof SECURITY_SCHEMES;

/** The OpenAPI `security` of an operation: alternatives, any one of which suffices; [] for public. */
export function securityOf(auth: ApiOperation["auth"]): Record<string, string[]>[] {
  switch (auth.kind) {
    case "tenant":
      return [{ apiKey: [] }, { session: [] }];
    case "cron":
      return [{ cronSecret: [] }];
    case "webhook":
      return [{ stripeSignature: [] }];
    case "public":
      return [];
  }
}

/** A sentence for the reference: who may call it. */
export function describeAuth(auth: ApiOperation["auth"]): string {
  switch (auth.kind) {
    case "tenant":
      return `Workspace session or API key with the \`${auth.permission}\` permission (roles: ${rolesWith(auth.permission).join(", ")}), on the workspace's own host.`;
    case "cron":
      return "The scheduler, with the cron secret.";
    case "webhook":
      return "Stripe, with a valid signature.";
    case "public":
      return auth.rateLimit ? "Anyone (rate-limited per client address)." : "Anyone.";
  }
}

/** The roles that grant a permission (lib/auth/roles.ts). */
export function rolesWith(permission: Permission): string[] {
  return ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}
