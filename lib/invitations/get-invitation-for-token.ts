import { primaryRole, type Role } from "@/lib/auth/roles";
import { getConfig } from "@/lib/config";
import { withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { invitationProblem } from "./invitation-problem";
import { hashInvitationToken, verifyInvitationToken } from "./invitation-token";

export interface InvitationPreview {
  email: string;
  role: Role | undefined;
  expiresAt: string;
}

/** What the accept page shows for a link: the invited address and role, or the AppError saying why not. */
export async function getInvitationForToken(tenantId: string, token: string): Promise<InvitationPreview> {
  const claims = token.length <= 512 ? verifyInvitationToken(getConfig().NEXTAUTH_SECRET, tenantId, token) : null;
  if (!claims) throw new AppError("not_found", "This invitation link is not valid for this workspace.");
  const row = await withTenantDb(tenantId, (db) => db.invitation.findFirst({ where: { id: claims.invitationId } }));
  const problem = invitationProblem(row, hashInvitationToken(token), new Date());
  if (problem || !row) throw problem ?? new AppError("not_found", "This invitation link is not valid for this workspace.");
  return { email: row.email, role: primaryRole(row.roleMask), expiresAt: row.expiresAt.toISOString() };
}
