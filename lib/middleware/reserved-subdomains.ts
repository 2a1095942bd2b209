// Subdomain labels are DNS labels we hand out to tenants. The same rules guard sign-up (what may be
// registered) and the edge router (what may be served), so a host we route is always one a tenant could own.
// Both helpers expect an already lower-cased label: callers normalise user input first.

const SUBDOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$/;

// Labels kept for our own services, infrastructure and mail, or too easy to use for phishing.
// "demo" is deliberately absent: it is the seeded demo tenant.
export const RESERVED_SUBDOMAINS: ReadonlySet<string> = new Set([
  // our own surfaces
  "www", "www1", "www2", "api", "app", "apps", "admin", "administrator", "auth", "oauth", "sso", "saml",
  "billing", "payments", "stripe", "webhooks", "cron", "static", "assets", "cdn", "media", "images", "img",
  "files", "uploads", "download", "downloads", "status", "docs", "dashboard", "help", "support", "blog",
  "login", "logout", "signin", "signout", "signup", "register", "account", "accounts", "root", "system",
  "internal", "console", "portal", "manage", "settings", "security", "health", "metrics", "graphql",
  "ws", "wss", "t", "tenant", "tenants", "roispectrum", "test", "testing", "staging", "stage", "dev",
  "sandbox", "preview", "beta", "localhost",
  // marketing pages that may move to their own host
  "about", "pricing", "contact", "legal", "privacy", "terms", "careers", "jobs", "press", "news",
  // mail and DNS infrastructure (hosts, RFC 2142 role names, mail client auto-configuration)
  "mail", "email", "webmail", "smtp", "imap", "pop", "pop3", "mx", "ftp", "sftp", "ns", "ns1", "ns2",
  "ns3", "ns4", "dns", "vpn", "abuse", "postmaster", "hostmaster", "webmaster", "noreply", "no-reply",
  "autoconfig", "autodiscover", "mta-sts",
]);

// True when the label has DNS/sign-up shape: 1–50 of [a-z0-9-], no hyphen at either end, and not an
// IDNA-style label ("xn--…" or any "--" in positions 3–4), which tenants cannot register.
export function isValidSubdomainLabel(label: string): boolean {
  return SUBDOMAIN_LABEL.test(label) && label.slice(2, 4) !== "--";
}

// True when the label belongs to the platform and can never be a tenant's.
export function isReservedSubdomain(label: string): boolean {
  return RESERVED_SUBDOMAINS.has(label);
}
