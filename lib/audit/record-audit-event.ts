import type { AuditEventInput } from "./audit-event";
import { appendAuditEvent } from "./append-audit-event";
import { isAuditStoreMarkedDown, isAuditStoreUnavailable, markAuditStoreDown, markAuditStoreUp } from "./audit-store-health";
import { buildAuditEvent } from "./build-audit-event";
import { parkAuditEvent } from "./park-audit-event";

export type RecordStatus = "recorded" | "parked" | "lost";

export interface RecordResult {
  id: string | null;
  status: RecordStatus;
}

/**
 * Records an event after the change it describes has committed. Never throws: if MongoDB cannot
 * take it the event is parked in Redis for the cron flush, and if Redis is down too it is written to
 * the error log in full. The user's action succeeds either way.
 */
export async function recordAuditEvent(input: AuditEventInput): Promise<RecordResult> {
  let event: ReturnType<typeof buildAuditEvent>;
  try {
    event = buildAuditEvent(input);
  } catch (error) {
    console.error(`[audit] event could not be built: ${input.action} for tenant ${input.tenantId}`, error);
    return { id: null, status: "lost" };
  }

  if (!isAuditStoreMarkedDown()) {
    try {
      await appendAuditEvent(event);
      markAuditStoreUp();
      return { id: event.id, status: "recorded" };
    } catch (error) {
      if (isAuditStoreUnavailable(error)) markAuditStoreDown();
      console.warn(`[audit] write failed, parking event ${event.id}`, error);
    }
  }

  try {
    await parkAuditEvent(event);
    return { id: event.id, status: "parked" };
  } catch (error) {
    console.error(`[audit] event lost (MongoDB and Redis unavailable): ${JSON.stringify(event)}`, error);
    return { id: event.id, status: "lost" };
  }
}
