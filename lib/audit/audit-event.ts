// The audit event, as recorded, parked and stored. One MongoDB document per event; `seq`, `prevHash`,
// `prevExpireAt` and `hash` chain a tenant's events so that an edit, deletion or reordering shows.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const AUDIT_ACTOR_TYPES = ["user", "api_key", "system", "stripe"] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

export interface AuditActor {
  type: AuditActorType;
  id: string;
  label: string;
}

export interface AuditTarget {
  type: string;
  id: string;
}

export interface AuditRequestContext {
  ip: string;
  userAgent: string;
  requestId: string;
}

/** What a call site knows; the rest (id, times, chain fields) is filled in by the module. */
export interface AuditEventInput {
  tenantId: string;
  /** The tenant's plan tier: it decides how long the event is kept. */
  planTier: string;
  action: string;
  actor: AuditActor;
  targets?: AuditTarget[];
  context?: Partial<AuditRequestContext>;
  /** For updates: the fields sent and their new values (never secrets). */
  changes?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  /** When it happened, if not now (e.g. a Stripe event's own time). */
  occurredAt?: Date;
}

/** An event before it joins its tenant's chain: what is parked in Redis when MongoDB is down. */
export interface UnchainedAuditEvent {
  id: string;
  tenantId: string;
  occurredAt: Date;
  expireAt: Date;
  actor: AuditActor;
  action: string;
  targets: AuditTarget[];
  context: AuditRequestContext;
  changes?: JsonObject;
  metadata?: JsonObject;
}

export interface ChainFields {
  seq: number;
  prevHash: string;
  /** The previous event's expireAt: lets verification tell an expired predecessor from a deleted one. */
  prevExpireAt: Date | null;
  hash: string;
}

export type AuditEventDocument = UnchainedAuditEvent & ChainFields;

// The previous hash of a tenant's first event.
export const GENESIS_HASH = "0".repeat(64);

export const AUDIT_EVENTS_COLLECTION = "audit_events";
// One document per tenant: the highest seq ever appended and its hash, so a truncated tail shows.
export const AUDIT_CHAIN_HEADS_COLLECTION = "audit_chain_heads";

export interface ChainHeadDocument {
  _id: string; // tenant id
  seq: number;
  hash: string;
  expireAt: Date | null;
}
