// Errors that say "a dependency is down right now", not "this event is bad". The aggregator does not
// count them as failed attempts (an outage must not dead-letter every event), and stops its run early.
const TRANSIENT_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EPIPE",
  // Prisma: cannot reach / timed out / pool timeout / transaction closed or in conflict
  "P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2034",
  // PostgreSQL: admin shutdown, cannot connect now, too many connections, serialization, deadlock,
  // statement timeout (a lock held by another run; an event that always times out is still
  // dead-lettered by its delivery count)
  "57P01", "57P03", "53300", "40001", "40P01", "57014",
]);
// stripe-node error classes for network failures, Stripe's own 5xx and rate limiting.
const TRANSIENT_STRIPE_TYPES = new Set(["StripeConnectionError", "StripeAPIError", "StripeRateLimitError"]);

export function isTransientBillingError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== null && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const record = current as { code?: unknown; type?: unknown; name?: unknown; cause?: unknown };
    if (typeof record.code === "string" && TRANSIENT_CODES.has(record.code)) return true;
    if (typeof record.type === "string" && TRANSIENT_STRIPE_TYPES.has(record.type)) return true;
    if (record.name === "PrismaClientInitializationError") return true;
    current = record.cause;
  }
  return false;
}
