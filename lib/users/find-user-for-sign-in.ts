import { withTenantDb } from "@/lib/db";

export interface SignInUserRow {
  id: string;
  email: string;
  password_hash: string;
  role_mask: number;
}

/** The tenant's user with this email (case-insensitive, served by users_tenant_email_key). */
export async function findUserForSignIn(tenantId: string, email: string): Promise<SignInUserRow | null> {
  const rows = await withTenantDb(tenantId, (db) =>
    db.$queryRaw<SignInUserRow[]>`
      SELECT id, email, password_hash, role_mask FROM users
       WHERE tenant_id = ${tenantId}::uuid AND lower(email) = lower(${email}) LIMIT 1`,
  );
  return rows[0] ?? null;
}
