import { z } from "zod";
import { enforceRateLimit } from "@/lib/rate-limit";
import { findUserForSignIn } from "@/lib/users";
import type { TenantContext } from "@/lib/tenants";
import { verifyPassword } from "./password";

export interface UserPrincipal {
  type: "user";
  userId: string;
  email: string;
  label: string;
  roleMask: number;
}

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().max(255).pipe(z.email()),
  password: z.string().min(1).max(256),
});

/**
 * Email + password within one tenant. Rate-limited per client address and per account before any
 * password work; an unknown email costs the same argon2 time as a wrong password.
 */
export async function authenticateUser(tenant: TenantContext, input: unknown, ip: string): Promise<UserPrincipal | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  await enforceRateLimit("signInPerIp", ip);
  await enforceRateLimit("signInPerAccount", `${tenant.id}:${email}`);
  const user = await findUserForSignIn(tenant.id, email);
  const isValid = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !isValid) return null;
  return { type: "user", userId: user.id, email: user.email, label: user.email, roleMask: user.role_mask };
}
