import { withTenantDb } from "@/lib/db";
import type { MemberView } from "./member-schemas";
import { toMemberView } from "./to-member-view";

// A team is bounded by the plan (at most a few hundred users), so the list is not paged.
const MAX_MEMBERS = 1_000;

/** The workspace's members, oldest first. */
export async function listMembers(tenantId: string): Promise<MemberView[]> {
  const rows = await withTenantDb(tenantId, (db) =>
    db.user.findMany({
      select: { id: true, email: true, roleMask: true, createdAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: MAX_MEMBERS,
    }),
  );
  return rows.map(toMemberView);
}
