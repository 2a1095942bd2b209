import { stripeEventSchema, type StripeEventEnvelope } from "./stripe-object-schemas";

// Parsing of Redis stream replies as @upstash/redis returns them: entries are [id, [field, value, ...]]
// and the client JSON-decodes values it can (so the event body may arrive as an object or a string).

export interface QueueEntry {
  entryId: string;
  fields: Record<string, unknown>;
}

export interface PendingEntry {
  entryId: string;
  /** How often the entry was handed to a consumer (XREADGROUP or XCLAIM). */
  deliveries: number;
}

function toFields(raw: unknown): Record<string, unknown> {
  if (!Array.isArray(raw)) return typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const fields: Record<string, unknown> = {};
  for (let index = 0; index + 1 < raw.length; index += 2) fields[String(raw[index])] = raw[index + 1];
  return fields;
}

/** Entries of an XCLAIM reply, or of one stream in an XREADGROUP reply. */
export function toQueueEntries(raw: unknown): QueueEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item): QueueEntry[] =>
    Array.isArray(item) && typeof item[0] === "string" && item[1] != null ? [{ entryId: item[0], fields: toFields(item[1]) }] : [],
  );
}

/** The entries of the first stream of an XREADGROUP reply (null when nothing was new). */
export function toReadGroupEntries(raw: unknown): QueueEntry[] {
  if (!Array.isArray(raw) || !Array.isArray(raw[0])) return [];
  return toQueueEntries((raw[0] as unknown[])[1]);
}

/** An XPENDING (extended form) reply: [id, consumer, idle ms, deliveries] per entry. */
export function toPendingEntries(raw: unknown): PendingEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item): PendingEntry[] =>
    Array.isArray(item) && typeof item[0] === "string" ? [{ entryId: item[0], deliveries: Number(item[3]) || 0 }] : [],
  );
}

/** The Stripe event an entry carries; throws (a poison entry) if it is not one. */
export function eventOfEntry(entry: QueueEntry): StripeEventEnvelope {
  const body = entry.fields.event;
  return stripeEventSchema.parse(typeof body === "string" ? (JSON.parse(body) as unknown) : body);
}

/** The event body as text, for the dead-letter stream. */
export function entryPayload(entry: QueueEntry): string {
  const body = entry.fields.event;
  return typeof body === "string" ? body : JSON.stringify(body ?? null);
}
