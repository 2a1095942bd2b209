import { getRedis } from "@/lib/redis";
import { defaultBillingQueue, type BillingQueue } from "./billing-queue";

export interface DeadLetter {
  entryId: string;
  eventId: string;
  type: string;
  error: string;
  attempts: number;
  failedAt: string;
}

/** The dead-lettered events, oldest first (without their bodies). */
export async function listDeadLetters(queue: BillingQueue = defaultBillingQueue(), limit = 100): Promise<DeadLetter[]> {
  const entries = (await getRedis().xrange<Record<string, unknown>>(queue.deadLetters, "-", "+", limit)) as Record<string, Record<string, unknown>> | null;
  return Object.entries(entries ?? {}).map(([entryId, fields]) => ({
    entryId,
    eventId: String(fields.id ?? ""),
    type: String(fields.type ?? ""),
    error: String(fields.error ?? ""),
    attempts: Number(fields.attempts ?? 0),
    failedAt: String(fields.failedAt ?? ""),
  }));
}
