import type { TenantDb } from "@/lib/db";

export interface MemberRow {
  id: string;
  email: string;
  roleMask: number;
  createdAt: Date;
}

/** The member row, locked for the rest of the transaction; null if unknown (or another tenant's). */
export async function findMemberForUpdate(db: TenantDb, memberId: string): Promise<MemberRow | null> {
  const rows = await db.$queryRaw<{ id: string; email: string; role_mask: number; created_at: Date }[]>`
    SELECT id, email, role_mask, created_at FROM users
     WHERE tenant_id = app_current_tenant_id() AND id = ${memberId}::uuid
       FOR UPDATE`;
  const row = rows[0];
  return row ? { id: row.id, email: row.email, roleMask: row.role_mask, createdAt: row.created_at } : null;
}
