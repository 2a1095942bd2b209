import { withTenantDb } from "@/lib/db";

export interface UserSummary {
  id: string;
  email: string;
  roleMask: number;
}

/** A user of this tenant by id, or null (unknown, removed, or another tenant's). */
export async function getUser(tenantId: string, userId: string): Promise<UserSummary | null> {
  return withTenantDb(tenantId, (db) =>
    db.user.findFirst({ where: { id: userId }, select: { id: true, email: true, roleMask: true } }),
  );
}
