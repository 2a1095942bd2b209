import { getRootDomain } from "@/lib/config";
import { parseHost } from "@/lib/middleware/parse-host";
import { TENANT_HEADER } from "@/lib/middleware/tenant-header";

/**
 * The tenant subdomain of a request that passed the middleware. The middleware's header is
 * required, and must agree with the Host: if the middleware were ever skipped (CVE-2025-29927) a
 * client-sent header alone selects nothing.
 */
export function tenantSubdomainFromHeaders(headers: Headers): string | null {
  const claimed = headers.get(TENANT_HEADER);
  if (!claimed) return null;
  const route = parseHost(headers.get("host"), getRootDomain());
  return route.kind === "tenant" && route.subdomain === claimed ? claimed : null;
}
