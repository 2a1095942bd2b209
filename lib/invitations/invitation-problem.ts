import { timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors";

interface InvitationState {
  tokenHash: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

function isSameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Why a link cannot be used, as the error its holder sees, or null when it can. A genuine link of a
 * finished invitation is 410 with the reason (the holder is its recipient, so the reason is theirs to
 * know); anything else is 404.
 */
export function invitationProblem(row: InvitationState | null, tokenHash: string, now: Date): AppError | null {
  if (!row) return new AppError("not_found", "This invitation link is not valid for this workspace.");
  if (row.acceptedAt) return new AppError("gone", "This invitation has already been accepted. Sign in instead.");
  if (row.revokedAt) return new AppError("gone", "This invitation was withdrawn. Ask the workspace's admins for a new one.");
  if (!isSameHash(row.tokenHash, tokenHash)) {
    return new AppError("gone", "This link was replaced by a newer invitation email. Use the link in the most recent one.");
  }
  if (row.expiresAt.getTime() <= now.getTime()) {
    return new AppError("gone", "This invitation has expired. Ask the workspace's admins to send it again.");
  }
  return null;
}
