// Security headers for every response the edge middleware touches. Pure (no Next.js imports, no
// globals except Web Crypto), so the policy is unit-tested as a string and the middleware only wires it.

export interface SecurityHeaderOptions {
  /** The per-request script nonce (pages). Absent for API responses, which run no script at all. */
  nonce?: string;
  /** `next dev` only: React's dev build evaluates strings (call-stack reconstruction, HMR). */
  isDevelopment: boolean;
  /** APP_ENV=production: deployments are https-only, so HSTS and upgrade-insecure-requests apply. */
  isProduction: boolean;
  /**
   * Origins a form on this page may submit to besides its own (CSP host-sources). The marketing
   * site's "find your workspace" form ends in a redirect to the tenant's subdomain, and Chromium checks
   * form-action against the redirect target of a native (no-JavaScript) submission.
   */
  formTargets?: readonly string[];
}

// Two years, as hstspreload.org requires; includeSubDomains because every tenant lives on a subdomain.
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/** Headers with no per-request part; also served on /_next assets through next.config.mjs. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/** 128 random bits, base64: the per-request script nonce. Web Crypto, so it runs on the edge. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The page policy: scripts only with this request's nonce (and what they load), nothing framed. */
export function buildPagePolicy(options: SecurityHeaderOptions & { nonce: string }): string {
  const scriptSrc = ["'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'"];
  if (options.isDevelopment) scriptSrc.push("'unsafe-eval'");
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': Next's nonced bootstrap scripts load the route chunks; host lists are ignored
    // by browsers that support it, so 'self' only serves old ones.
    `script-src ${scriptSrc.join(" ")}`,
    // 'unsafe-inline' for styles only: recharts and Next's client router set style attributes
    // (positions, sizes, the route announcer), which no nonce can cover. A nonce here would switch
    // 'unsafe-inline' off. Styles cannot run script, so this keeps the XSS protection of script-src.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${["'self'", ...(options.formTargets ?? [])].join(" ")}`,
    "frame-ancestors 'none'",
  ];
  if (options.isProduction) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

// JSON answers are never meant to render: if one is opened as a document, nothing in it may load or run.
export const API_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Every security header for one response: the page policy when a nonce is given, else the API policy. */
export function buildSecurityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": options.nonce === undefined ? API_POLICY : buildPagePolicy({ ...options, nonce: options.nonce }),
    ...STATIC_SECURITY_HEADERS,
  };
  if (options.isProduction) headers["Strict-Transport-Security"] = HSTS_VALUE;
  return headers;
}
