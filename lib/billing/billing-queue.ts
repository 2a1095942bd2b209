import { getConfig } from "@/lib/config";
import { redisKeys } from "@/lib/redis";

/** The Redis keys of one billing queue: the event stream, its consumer group and its companions. */
export interface BillingQueue {
  name: string;
  stream: string;
  group: string;
  deadLetters: string;
  /** Hash: stream entry id -> the last error applying it (kept with the dead letter). */
  errors: string;
  /** Hash: stream entry id -> failed attempts to apply it (outages excluded). */
  attempts: string;
  lock: string;
  /** Key of the webhook's de-duplication marker for an event id. */
  seen: (eventId: string) => string;
  /** Key of the reconciler's marker: an event it re-enqueued recently is not re-enqueued again. */
  requeued: (eventId: string) => string;
}

export const BILLING_CONSUMER_GROUP = "billing-aggregator";

/** The keys of the queue called `name` (tests use their own names; production uses the default). */
export function billingQueue(name: string): BillingQueue {
  const key = (suffix: string) => redisKeys.billingQueue(name, suffix);
  return {
    name,
    stream: key("events"),
    group: BILLING_CONSUMER_GROUP,
    deadLetters: key("dead-letters"),
    errors: key("errors"),
    attempts: key("attempts"),
    lock: key("aggregator-lock"),
    seen: (eventId) => key(`seen:${eventId}`),
    requeued: (eventId) => key(`requeued:${eventId}`),
  };
}

/** The deployment's queue: BILLING_QUEUE_NAME, default "billing". */
export function defaultBillingQueue(): BillingQueue {
  return billingQueue(getConfig().BILLING_QUEUE_NAME ?? "billing");
}
