import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";

// Fields that are not part of the hashed content: MongoDB's own _id and the hash itself. Everything
// else in the stored document is covered, so an added field is as visible as a changed one.
const UNHASHED = new Set(["_id", "hash"]);

/** SHA-256 (hex) over the canonical JSON of an event's fields, prevHash and prevExpireAt included. */
export function hashAuditEvent(event: object): string {
  const hashed = Object.fromEntries(Object.entries(event).filter(([key]) => !UNHASHED.has(key)));
  return createHash("sha256").update(canonicalJson(hashed)).digest("hex");
}
