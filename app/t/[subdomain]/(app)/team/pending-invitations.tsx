"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { InvitationView } from "@/lib/invitations/invitation-schemas";
import { sendTeamRequest } from "./team-api";

export interface InvitationRow extends InvitationView {
  /** Owner invitations are managed by owners only. */
  canManage: boolean;
}

export function PendingInvitations({ invitations }: { invitations: InvitationRow[] }) {
  const router = useRouter();
  const [notice, setNotice] = useState<{ isError: boolean; text: string }>();

  async function act(invitation: InvitationRow, action: "resend" | "revoke") {
    setNotice(undefined);
    const result = action === "resend"
      ? await sendTeamRequest(`/api/v1/invitations/${invitation.id}/resend`, "POST")
      : await sendTeamRequest(`/api/v1/invitations/${invitation.id}`, "DELETE");
    if (result.error) return setNotice({ isError: true, text: result.error });
    setNotice({ isError: false, text: action === "resend" ? `Invitation sent again to ${invitation.email}.` : `Invitation to ${invitation.email} revoked.` });
    router.refresh();
  }

  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading" className="font-semibold">Open invitations</h2>
      {notice ? (
        <p role={notice.isError ? "alert" : "status"} className={`mt-3 rounded-md p-3 text-sm ${notice.isError ? "bg-red-50 text-red-700" : "bg-emerald-50 text-emerald-800"}`}>
          {notice.text}
        </p>
      ) : null}
      <table className="mt-3 w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
        <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
          <tr><th className="p-3">Email</th><th className="p-3">Role</th><th className="p-3">Status</th><th className="p-3">Sent</th><th className="p-3" /></tr>
        </thead>
        <tbody>
          {invitations.length === 0 ? (
            <tr><td colSpan={5} className="p-6 text-center text-slate-500">No open invitations.</td></tr>
          ) : null}
          {invitations.map((invitation) => (
            <tr key={invitation.id} className="border-t border-slate-100" data-testid="invitation-row">
              <td className="p-3">{invitation.email}</td>
              <td className="p-3 capitalize">{invitation.role}</td>
              <td className="p-3">
                {invitation.status === "expired" ? (
                  <span className="text-amber-700">expired</span>
                ) : (
                  <span>pending until {invitation.expiresAt.slice(0, 10)}</span>
                )}
              </td>
              <td className="p-3 text-slate-500">{invitation.lastSentAt.slice(0, 10)} ({invitation.sendCount}×)</td>
              <td className="space-x-3 p-3 text-right">
                {invitation.canManage ? (
                  <>
                    <button type="button" onClick={() => void act(invitation, "resend")} className="text-indigo-600 hover:underline">Resend</button>
                    <button type="button" onClick={() => void act(invitation, "revoke")} className="text-red-600 hover:underline">Revoke</button>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
