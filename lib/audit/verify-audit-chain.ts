import type { Document } from "mongodb";
import { GENESIS_HASH } from "./audit-event";
import { auditCollections } from "./audit-collections";
import { toAuditReadError } from "./audit-store-health";
import { hashAuditEvent } from "./hash-audit-event";

export interface ChainVerification {
  ok: boolean;
  /** Events read before the answer was known (all of them when ok). */
  checked: number;
  /** The first position that does not verify: an edited or reordered event, or the first missing one. */
  firstBrokenSeq?: number;
}

interface Link {
  seq: number;
  hash: string;
  expireAt: Date | null;
}

function sameInstant(a: unknown, b: Date | null): boolean {
  if (a === null || b === null) return a === b;
  return a instanceof Date && a.getTime() === b.getTime();
}

/**
 * The stored event as the next link of the chain, or the seq at which the chain breaks. Events
 * missing before it are fine only if they expired: the event records its predecessor's expireAt
 * (inside its hash), and that time must have passed. Anything else missing was deleted.
 */
function checkLink(doc: Record<string, unknown>, previous: Link | null, now: Date): { link: Link } | { brokenSeq: number } {
  const expectedSeq = (previous?.seq ?? 0) + 1;
  const { seq, hash, prevHash, prevExpireAt, expireAt } = doc;
  if (typeof seq !== "number" || !Number.isInteger(seq) || seq < expectedSeq) return { brokenSeq: expectedSeq };
  if (typeof hash !== "string" || hashAuditEvent(doc) !== hash || !(expireAt instanceof Date)) return { brokenSeq: seq };
  const link = { seq, hash, expireAt };
  if (seq > expectedSeq) {
    const isPredecessorExpired = prevExpireAt instanceof Date && prevExpireAt.getTime() <= now.getTime();
    if (isPredecessorExpired) return { link };
    // After a verified event the first missing one is reported; before the first stored event,
    // older ones may have expired, and the predecessor (whose expiry this event records) did not.
    return { brokenSeq: previous ? expectedSeq : seq - 1 };
  }
  const isLinked = prevHash === (previous?.hash ?? GENESIS_HASH) && sameInstant(prevExpireAt, previous?.expireAt ?? null);
  return isLinked ? { link } : { brokenSeq: seq };
}

/**
 * Walks a tenant's chain in seq order and recomputes every hash and link. An edited event fails its
 * own hash; a reordered one fails its hash (seq is hashed) or its link; a deleted one leaves a gap
 * its successor cannot explain by expiry; a deleted tail falls short of the recorded chain head.
 */
export async function verifyAuditChain(tenantId: string, now = new Date()): Promise<ChainVerification> {
  try {
    const { events, heads } = await auditCollections();
    const head = await heads.findOne({ _id: tenantId });
    const cursor = events.find<Document>({ tenantId }).sort({ seq: 1 }).batchSize(1_000);
    let previous: Link | null = null;
    let checked = 0;
    try {
      for await (const raw of cursor) {
        checked += 1;
        const checkedLink = checkLink(raw, previous, now);
        if ("brokenSeq" in checkedLink) return { ok: false, checked, firstBrokenSeq: checkedLink.brokenSeq };
        const { link } = checkedLink;
        // The recorded head names this position's hash: a rewritten chain ending here differs.
        if (head && head.seq === link.seq && head.hash !== link.hash) return { ok: false, checked, firstBrokenSeq: link.seq };
        previous = link;
      }
    } finally {
      await cursor.close();
    }
    // The newest events were deleted (not expired): the chain ends before the recorded head.
    const lastSeq = previous?.seq ?? 0;
    if (head && head.seq > lastSeq && !(head.expireAt !== null && head.expireAt.getTime() <= now.getTime())) {
      return { ok: false, checked, firstBrokenSeq: lastSeq + 1 };
    }
    return { ok: true, checked };
  } catch (error) {
    throw toAuditReadError(error);
  }
}
