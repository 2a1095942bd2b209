import type { Collection, IndexDescription, MongoClient } from "mongodb";
import {
  AUDIT_CHAIN_HEADS_COLLECTION,
  AUDIT_EVENTS_COLLECTION,
  type AuditEventDocument,
  type ChainHeadDocument,
} from "./audit-event";
import { getAuditDb } from "./client";

// Every index that serves a tenant query starts with tenantId (and the unique ones too, so the
// collection can be sharded by tenant). The list indexes end in `id` to match the keyset order
// (occurredAt desc, id desc) exactly.
export const AUDIT_EVENT_INDEXES: IndexDescription[] = [
  { key: { tenantId: 1, occurredAt: -1, id: -1 }, name: "tenant_time" },
  { key: { tenantId: 1, action: 1, occurredAt: -1, id: -1 }, name: "tenant_action_time" },
  { key: { tenantId: 1, "actor.id": 1, occurredAt: -1, id: -1 }, name: "tenant_actor_time" },
  { key: { tenantId: 1, "targets.type": 1, "targets.id": 1, occurredAt: -1 }, name: "tenant_target_time" },
  // The chain: one event per position, so concurrent appenders cannot both take the same seq.
  { key: { tenantId: 1, seq: 1 }, name: "tenant_seq_unique", unique: true },
  // Idempotency: a parked event flushed twice, or written late by a timed-out attempt, is stored once.
  { key: { tenantId: 1, id: 1 }, name: "tenant_event_id_unique", unique: true },
  // Retention: MongoDB removes an event once its expireAt has passed.
  { key: { expireAt: 1 }, name: "expire_at_ttl", expireAfterSeconds: 0 },
];

export interface AuditCollections {
  events: Collection<AuditEventDocument>;
  heads: Collection<ChainHeadDocument>;
}

// Per client, so a new client (after closeAuditClient) checks its database again.
const indexesCreated = new WeakMap<MongoClient, Promise<void>>();

/** The audit collections, their indexes created (idempotently) on first use in this process. */
export async function auditCollections(): Promise<AuditCollections> {
  const db = getAuditDb();
  const events = db.collection<AuditEventDocument>(AUDIT_EVENTS_COLLECTION);
  const heads = db.collection<ChainHeadDocument>(AUDIT_CHAIN_HEADS_COLLECTION);
  let created = indexesCreated.get(db.client);
  if (!created) {
    created = events.createIndexes(AUDIT_EVENT_INDEXES).then(
      () => undefined,
      (error: unknown) => {
        // Not kept: the next call tries again (MongoDB may just have been unreachable).
        indexesCreated.delete(db.client);
        throw error;
      },
    );
    indexesCreated.set(db.client, created);
  }
  await created;
  return { events, heads };
}
