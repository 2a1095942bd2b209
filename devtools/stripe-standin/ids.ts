// Stripe-looking object ids: a type prefix and random base62 characters.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// Body lengths as seen on real test-mode objects (cus_ 14, sub_/in_/evt_ 24, cs_test_ 58).
const LENGTHS: Record<string, number> = {
  cus: 14, si: 14, req: 14, bpc: 24, bps: 24, sub: 24, in: 24, il: 24, evt: 24, li: 24, pm: 24, "cs_test": 58,
};

export function newId(prefix: string): string {
  const length = LENGTHS[prefix] ?? 24;
  const bytes = randomBytes(length);
  let body = "";
  // 248 = 4 * 62: rejecting bytes above it keeps the characters uniform.
  for (let index = 0; body.length < length; index += 1) {
    const byte = index < bytes.length ? bytes[index]! : randomBytes(1)[0]!;
    if (byte < 248) body += ALPHABET[byte % 62];
  }
  return `${prefix}_${body}`;
}
