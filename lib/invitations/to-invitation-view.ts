import { primaryRole } from "@/lib/auth/roles";
import type { InvitationStatus, InvitationView } from "./invitation-schemas";

interface InvitationRow {
  id: string;
  email: string;
  roleMask: number;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  lastSentAt: Date;
  sendCount: number;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

/** accepted and revoked are final; an open invitation is pending until its expiry, then expired. */
export function invitationStatusOf(row: Pick<InvitationRow, "acceptedAt" | "revokedAt" | "expiresAt">, now = new Date()): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() > now.getTime() ? "pending" : "expired";
}

export function toInvitationView(row: InvitationRow, now = new Date()): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: primaryRole(row.roleMask),
    status: invitationStatusOf(row, now),
    invitedBy: row.invitedBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastSentAt: row.lastSentAt.toISOString(),
    sendCount: row.sendCount,
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
