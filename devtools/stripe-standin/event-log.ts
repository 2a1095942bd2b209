// Creates events: each is stored (for GET /v1/events) and handed to webhook delivery. data.object is a
// snapshot taken now, so the event keeps describing the object as it was when the event happened.
import { cloneJson, type JsonObject } from "./json.ts";
import { buildEvent, unixNow, type StripeEvent } from "./objects.ts";
import type { StandinStore } from "./store.ts";

/** The API request that caused an event; both null for automatic changes (checkout page, renewals). */
export type EventRequest = { id: string | null; idempotency_key: string | null };
export const AUTOMATIC: EventRequest = { id: null, idempotency_key: null };

export class EventLog {
  constructor(
    private readonly store: StandinStore,
    private readonly apiVersion: string,
    private readonly hasEndpoint: () => boolean,
    private readonly dispatch: (event: StripeEvent) => void,
  ) {}

  emit(type: string, object: JsonObject, options: { previousAttributes?: JsonObject; request?: EventRequest } = {}): StripeEvent {
    const event = buildEvent({
      type,
      object: cloneJson(object),
      previousAttributes: options.previousAttributes === undefined ? undefined : cloneJson(options.previousAttributes),
      // Event time is wall-clock time even when a subscription's simulated clock was advanced, so
      // `created[gte]` watermarks keep working (Stripe test clocks behave the same).
      created: unixNow(),
      apiVersion: this.apiVersion,
      // One webhook endpoint at most; the count drops to 0 once it answered 2xx.
      pendingWebhooks: this.hasEndpoint() ? 1 : 0,
      request: { ...(options.request ?? AUTOMATIC) },
    });
    this.store.addEvent(event);
    this.dispatch(event);
    return event;
  }
}
