import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashInvitationToken, signInvitationToken, verifyInvitationToken } from "@/lib/invitations/invitation-token";

const SECRET = "unit-test-nextauth-secret-0123456789abcdef";
const TENANT_A = randomUUID();
const TENANT_B = randomUUID();

function sign(overrides: { tenantId?: string; secret?: string; expiresAt?: Date; invitationId?: string } = {}) {
  const invitationId = overrides.invitationId ?? randomUUID();
  const expiresAt = overrides.expiresAt ?? new Date(Math.floor(Date.now() / 1000 + 7 * 24 * 3600) * 1000);
  return { invitationId, expiresAt, token: signInvitationToken(overrides.secret ?? SECRET, overrides.tenantId ?? TENANT_A, { invitationId, expiresAt }) };
}

/** The token with the last character of part `index` (0 id, 1 expiry, 2 nonce, 3 mac) changed. */
function tamper(token: string, index: number): string {
  const parts = token.split(".");
  const part = parts[index]!;
  const last = part.at(-1)!;
  // Within the part's own alphabet; for base64url the change may touch only spare bits, and must
  // still be refused (a token has exactly one spelling).
  parts[index] = part.slice(0, -1) + (last === "1" ? "2" : last === "A" ? "B" : /[0-9]/.test(last) ? "1" : "A");
  return parts.join(".");
}

describe("invitation tokens", () => {
  it("verify for the tenant they were signed for, carrying the invitation id and expiry", () => {
    const { token, invitationId, expiresAt } = sign();
    expect(token).toMatch(/^[0-9a-f-]{36}\.\d+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(verifyInvitationToken(SECRET, TENANT_A, token)).toEqual({ invitationId, expiresAt });
  });

  it("are new on every signing, even for the same invitation and expiry (a resend's nonce)", () => {
    const first = sign();
    const second = signInvitationToken(SECRET, TENANT_A, { invitationId: first.invitationId, expiresAt: first.expiresAt });
    expect(second).not.toBe(first.token);
    expect(hashInvitationToken(second)).not.toBe(hashInvitationToken(first.token));
    expect(verifyInvitationToken(SECRET, TENANT_A, second)).not.toBeNull();
  });

  it("do not verify for another tenant or under another secret", () => {
    const { token } = sign();
    expect(verifyInvitationToken(SECRET, TENANT_B, token)).toBeNull();
    expect(verifyInvitationToken("another-secret-of-sufficient-length-000000", TENANT_A, token)).toBeNull();
  });

  it.each([[0, "invitation id"], [1, "expiry"], [2, "nonce"], [3, "mac"]])("reject a change to the %s (%s)", (index) => {
    const { token } = sign();
    expect(verifyInvitationToken(SECRET, TENANT_A, tamper(token, index))).toBeNull();
  });

  it("reject a mac spelled differently even where it decodes to the same bytes", () => {
    const { token } = sign();
    const mac = token.split(".")[3]!;
    const bytes = Buffer.from(mac, "base64url");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // The 43rd character carries 4 bits of the 256 and 2 spare ones: flip a spare bit.
    const index = alphabet.indexOf(mac.at(-1)!);
    const respelled = mac.slice(0, -1) + alphabet[index ^ 1];
    expect(Buffer.from(respelled, "base64url").equals(bytes)).toBe(true);
    expect(verifyInvitationToken(SECRET, TENANT_A, token.replace(mac, respelled))).toBeNull();
  });

  it("reject a later expiry grafted onto a genuine signature", () => {
    const { token } = sign();
    const [id, expiry, nonce, mac] = token.split(".");
    const extended = [id, String(Number(expiry) + 365 * 24 * 3600), nonce, mac].join(".");
    expect(verifyInvitationToken(SECRET, TENANT_A, extended)).toBeNull();
  });

  it.each(["", "garbage", "a.b.c.d", `${randomUUID()}.1.short.mac`, "x".repeat(600)])("reject the malformed token %j", (token) => {
    expect(verifyInvitationToken(SECRET, TENANT_A, token)).toBeNull();
  });

  it("hash to 64 hex characters that do not contain the token", () => {
    const { token } = sign();
    const hash = hashInvitationToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token.split(".")[3]!.slice(0, 10));
  });
});
