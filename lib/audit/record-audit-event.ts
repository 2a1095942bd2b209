import type { AuditEventInput, UnchainedAuditEvent } from "./audit-event";
import { appendAuditEvent, appendAuditEvents } from "./append-audit-event";
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

  return park(event);
}

/** Parks an event MongoDB did not take, for the cron flush; if Redis is down too, logs it in full. */
async function park(event: UnchainedAuditEvent): Promise<RecordResult> {
  try {
    await parkAuditEvent(event);
    return { id: event.id, status: "parked" };
  } catch (error) {
    console.error(`[audit] event lost (MongoDB and Redis unavailable): ${JSON.stringify(event)}`, error);
    return { id: event.id, status: "lost" };
  }
}

/**
 * Records many events at once (a batch of billing events), in a few MongoDB round trips; each tenant's
 * in the order given. Never throws: what MongoDB does not take is parked (or logged) one by one.
 */
export async function recordAuditEvents(inputs: AuditEventInput[]): Promise<RecordResult[]> {
  const built = inputs.map((input) => {
    try {
      return buildAuditEvent(input);
    } catch (error) {
      console.error(`[audit] event could not be built: ${input.action} for tenant ${input.tenantId}`, error);
      return null;
    }
  });
  const events = built.filter((event) => event !== null);
  let outcomes: PromiseSettledResult<unknown>[] = events.map(() => ({ status: "rejected", reason: new Error("the audit store is marked down") }));
  if (events.length > 0 && !isAuditStoreMarkedDown()) {
    try {
      outcomes = await appendAuditEvents(events);
      markAuditStoreUp();
    } catch (error) {
      if (isAuditStoreUnavailable(error)) markAuditStoreDown();
      console.warn(`[audit] batch write failed, parking ${events.length} events`, error);
      outcomes = events.map(() => ({ status: "rejected", reason: error }));
    }
  }
  const stored = new Map(events.map((event, index) => [event, outcomes[index]!]));
  const results: RecordResult[] = [];
  for (const event of built) {
    if (event === null) results.push({ id: null, status: "lost" });
    else if (stored.get(event)!.status === "fulfilled") results.push({ id: event.id, status: "recorded" });
    else results.push(await park(event));
  }
  return results;
}
