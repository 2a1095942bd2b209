// Security headers for what the edge middleware never sees: build assets under /_next/ and public files
// (see the matcher in middleware.ts). Pages and API responses get the full set, with a per-request CSP
// nonce, from lib/middleware/security-headers.ts; these values equal its STATIC_SECURITY_HEADERS, and
// tests/unit/security-headers.test.ts keeps the two in step. No CSP here: assets are not documents,
// and a second policy on a page would be enforced alongside the middleware's.
const staticSecurityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native / Node-only clients stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "mongodb", "@prisma/client", "@prisma/adapter-pg"],
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders }];
  },
};

export default nextConfig;
