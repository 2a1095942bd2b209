/**
 * The client's address for rate limiting. Behind a proxy that appends to X-Forwarded-For (nginx,
 * a load balancer) or overwrites it (Vercel), the right-most entry is the one the proxy saw; a
 * client can prepend anything it likes but cannot change that entry.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
  return last ?? headers.get("x-real-ip") ?? "unknown";
}
