import { randomUUID } from "node:crypto";
import { getRedis, redisKeys } from "@/lib/redis";
import type { MailMessage, MailTransport } from "./mail-transport";

// The development outbox: instead of delivering, keep the newest messages in Redis so a developer
// (or an end-to-end test) can read them at /dev/outbox. Never chosen in production (lib/config).

export const OUTBOX_CAPACITY = 200;

export interface OutboxMessage extends MailMessage {
  id: string;
  from: string;
  sentAt: string;
}

export function createOutboxTransport(from: string): MailTransport {
  return {
    kind: "outbox",
    async send(message: MailMessage) {
      const stored: OutboxMessage = { id: randomUUID(), from, sentAt: new Date().toISOString(), ...message };
      const key = redisKeys.devOutbox();
      // Newest first, capped: the outbox never grows without bound.
      await getRedis().pipeline().lpush(key, JSON.stringify(stored)).ltrim(key, 0, OUTBOX_CAPACITY - 1).exec();
    },
  };
}

/** The newest outbox messages, optionally only those to one address. */
export async function listOutboxMessages(options: { to?: string; limit?: number } = {}): Promise<OutboxMessage[]> {
  const raw = await getRedis().lrange<unknown>(redisKeys.devOutbox(), 0, OUTBOX_CAPACITY - 1);
  const messages = raw
    // @upstash/redis parses JSON values itself; a plain string is parsed here.
    .map((item) => (typeof item === "string" ? (JSON.parse(item) as unknown) : item) as OutboxMessage)
    .filter((message) => !options.to || message.to.toLowerCase() === options.to.toLowerCase());
  return messages.slice(0, options.limit ?? OUTBOX_CAPACITY);
}
