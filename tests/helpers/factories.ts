import { randomBytes, randomUUID } from "node:crypto";
import { withTenantDb } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { ROLE_BITS } from "@/lib/auth/roles";
import type { PlanTier } from "@/lib/plans/plans";

// Factories make unique data so test files run in parallel with no teardown.

/** A fresh, valid, unreserved subdomain label. */
export function uniqueSubdomain(prefix = "t"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

export interface TestTenant {
  id: string;
  name: string;
  subdomain: string;
}

/**
 * Inserts a tenant row directly (no sign-up flow, no password hashing). On the free plan unless
 * `plan` names a paid one: then it has an active subscription to it for a year (for tests that need
 * more than the free plan's limits, e.g. more than two sites).
 */
export async function createTestTenant(name = "Test Agency", options: { plan?: PlanTier } = {}): Promise<TestTenant> {
  const id = randomUUID();
  const subdomain = uniqueSubdomain();
  await withTenantDb(id, async (db) => {
    await db.tenant.create({ data: { id, name, subdomain } });
    if (options.plan && options.plan !== "free") {
      await db.subscription.create({
        data: {
          tenantId: id, stripeSubId: `sub_test_${randomBytes(6).toString("hex")}`, status: "active", planTier: options.plan,
          expiresAt: new Date(Date.now() + 365 * 24 * 3600 * 1000),
        },
      });
    }
  });
  return { id, name, subdomain };
}

export interface TestUser {
  id: string;
  tenantId: string;
  email: string;
  password: string;
  roleMask: number;
}

let cachedHash: { password: string; hash: Promise<string> } | undefined;

/** Inserts a user; all factory users share one password so only one argon2 hash is computed. */
export async function createTestUser(tenantId: string, roleMask: number = ROLE_BITS.owner): Promise<TestUser> {
  cachedHash ??= { password: "correct horse battery staple", hash: hashPassword("correct horse battery staple") };
  const email = `user-${randomBytes(4).toString("hex")}@example.test`;
  const passwordHash = await cachedHash.hash;
  const user = await withTenantDb(tenantId, (db) => db.user.create({ data: { tenantId, email, passwordHash, roleMask } }));
  return { id: user.id, tenantId, email, password: cachedHash.password, roleMask };
}
