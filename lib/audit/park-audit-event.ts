import { getRedis, redisKeys } from "@/lib/redis";
import type { UnchainedAuditEvent } from "./audit-event";
import { auditDatabaseName } from "./client";
import { serializeParkedEvent } from "./parked-audit-event";

/**
 * Keeps an event MongoDB could not take in a Redis stream, oldest first, until the cron flush
 * writes it. It gets its place in the tenant's chain then; its id makes that write idempotent.
 */
export async function parkAuditEvent(event: UnchainedAuditEvent): Promise<void> {
  await getRedis().xadd(redisKeys.auditParked(auditDatabaseName()), "*", { event: serializeParkedEvent(event) });
}
