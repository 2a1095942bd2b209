import { primaryRole, rolesOf } from "@/lib/auth/roles";
import type { MemberView } from "./member-schemas";

export function toMemberView(row: { id: string; email: string; roleMask: number; createdAt: Date }): MemberView {
  return { id: row.id, email: row.email, role: primaryRole(row.roleMask), roles: rolesOf(row.roleMask), createdAt: row.createdAt.toISOString() };
}
