import type { ApiOperation } from "../api-operation";

// next-auth's own endpoints (app/api/auth/[...nextauth]/route.ts). They serve the web app's sign-in
// and are described for completeness; integrations use API keys instead.
const nextAuthParam = {
  nextauth: {
    description: "next-auth's action: `csrf`, `session`, `providers`, `signin/credentials`, `callback/credentials`, `signout` (the path may have several segments).",
    schema: { type: "string" },
  },
};

export const authOperations: ApiOperation[] = [
  {
    method: "GET", path: "/api/auth/{nextauth}", tag: "Web sign-in", operationId: "nextAuthGet",
    summary: "next-auth: session, CSRF token, providers", description: "On a workspace's host. Sessions are JWT cookies bound to that workspace.",
    auth: { kind: "public" }, host: "workspace", pathParams: nextAuthParam,
    response: { status: 200, description: "next-auth's answer (JSON for `session`, `csrf`, `providers`)." },
  },
  {
    method: "POST", path: "/api/auth/{nextauth}", tag: "Web sign-in", operationId: "nextAuthPost",
    summary: "next-auth: sign in, sign out", description: "Form posts from the sign-in page with a CSRF token and a same-origin `Origin`. Sign-in attempts are rate-limited per address and per account.",
    auth: { kind: "public" }, host: "workspace", pathParams: nextAuthParam,
    response: { status: 200, description: "next-auth's answer (a redirect or JSON)." },
  },
];
