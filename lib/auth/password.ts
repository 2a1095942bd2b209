import { hash, verify } from "@node-rs/argon2";

// Algorithm.Argon2id; the package exports a const enum, which isolatedModules cannot inline.
const ARGON2ID = 2;

// OWASP Password Storage Cheat Sheet: argon2id with m = 19 MiB, t = 2, p = 1 (minimum).
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** An argon2id PHC string for the password (salted). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// A hash of a random password, verified against when the account does not exist, so that an
// unknown email costs the same time as a wrong password (no account enumeration by timing).
let dummyHash: Promise<string> | undefined;

/** Verifies in constant time relative to the password; `null` hash still spends the same work. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hashPassword(crypto.randomUUID());
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
