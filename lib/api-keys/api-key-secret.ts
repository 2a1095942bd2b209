import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "rs_";
const KEY_FORMAT = /^rs_[A-Za-z0-9_-]{43}$/;

/** A new key: `rs_` + 256 random bits (base64url). Only its SHA-256 is stored. */
export function generateApiKeySecret(): { key: string; prefix: string; hash: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  return { key, prefix: key.slice(0, 10), hash: hashApiKey(key) };
}

/** SHA-256 hex of a key; lookups compare hashes in the database index, never the secret itself. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Cheap shape check before any database work. */
export function isApiKeyShaped(value: string): boolean {
  return KEY_FORMAT.test(value);
}
