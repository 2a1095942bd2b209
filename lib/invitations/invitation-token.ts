import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

// An invitation link's token: `<invitation id>.<expiry, unix seconds>.<nonce>.<mac>`, where mac is
// HMAC-SHA256 over the tenant id and those three parts under a key derived from NEXTAUTH_SECRET.
// The MAC makes tokens unforgeable and binds them to one workspace (a token of tenant A checked on
// B's host fails here, before any database work); the nonce makes each resend's token new. The
// database stores only the token's SHA-256, so a read of the table yields no working link.

const TOKEN_FORMAT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
const KEY_INFO = "roi-spectrum invitation token v1";

export interface InvitationTokenClaims {
  invitationId: string;
  expiresAt: Date;
}

// A key of its own (HKDF), so an invitation MAC can never be confused with any other use of the secret.
function tokenKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "roi-spectrum", KEY_INFO, 32));
}

function mac(secret: string, tenantId: string, payload: string): Buffer {
  return createHmac("sha256", tokenKey(secret)).update(`v1|${tenantId}|${payload}`).digest();
}

/** A new signed token for the invitation (a fresh random nonce every call). */
export function signInvitationToken(secret: string, tenantId: string, claims: InvitationTokenClaims): string {
  const expiresAtSeconds = Math.floor(claims.expiresAt.getTime() / 1000);
  const payload = `${claims.invitationId}.${expiresAtSeconds}.${randomBytes(16).toString("base64url")}`;
  return `${payload}.${mac(secret, tenantId, payload).toString("base64url")}`;
}

/**
 * The claims of a token signed for this tenant, or null when it is malformed, forged, or another
 * tenant's. The MAC is compared in constant time. Expiry is not checked here (the caller tells an
 * expired invitation apart from an unknown one).
 */
export function verifyInvitationToken(secret: string, tenantId: string, token: string): InvitationTokenClaims | null {
  const match = TOKEN_FORMAT.exec(token);
  if (!match) return null;
  const [, invitationId, expiresAtSeconds, , givenMac] = match;
  const payload = token.slice(0, token.lastIndexOf("."));
  // Compared as text: base64url decoding ignores a last character's spare bits, text does not.
  const expected = Buffer.from(mac(secret, tenantId, payload).toString("base64url"));
  const given = Buffer.from(givenMac!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { invitationId: invitationId!, expiresAt: new Date(Number(expiresAtSeconds) * 1000) };
}

/** What the database keeps of a token: its SHA-256 (hex). */
export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
