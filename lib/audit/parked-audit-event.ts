import { z } from "zod";
import { AUDIT_ACTOR_TYPES, type JsonValue, type UnchainedAuditEvent } from "./audit-event";

// A parked event travels through Redis as JSON: dates as ISO strings, checked again on the way back.

const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]),
);

const parkedAuditEventSchema = z.object({
  id: z.uuid(),
  tenantId: z.string().min(1),
  occurredAt: z.iso.datetime().transform((value) => new Date(value)),
  expireAt: z.iso.datetime().transform((value) => new Date(value)),
  actor: z.object({ type: z.enum(AUDIT_ACTOR_TYPES), id: z.string(), label: z.string() }),
  action: z.string().min(1),
  targets: z.array(z.object({ type: z.string(), id: z.string() })),
  context: z.object({ ip: z.string(), userAgent: z.string(), requestId: z.string() }),
  changes: z.record(z.string(), jsonValueSchema).optional(),
  metadata: z.record(z.string(), jsonValueSchema).optional(),
});

/** The event as the JSON text parked in Redis. */
export function serializeParkedEvent(event: UnchainedAuditEvent): string {
  return JSON.stringify(event);
}

/** The parked event back, or null if the entry is not one (the Redis client may have parsed it already). */
export function parseParkedEvent(payload: unknown): UnchainedAuditEvent | null {
  let value = payload;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }
  const parsed = parkedAuditEventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
