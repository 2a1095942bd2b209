"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { MemberActions } from "@/lib/members/member-rules";
import type { MemberView } from "@/lib/members/member-schemas";
import { sendTeamRequest } from "./team-api";

export interface MemberRow extends MemberView, MemberActions {
  isYou: boolean;
}

export function MembersTable({ members, canWrite }: { members: MemberRow[]; canWrite: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [busyId, setBusyId] = useState<string>();

  async function act(member: MemberRow, method: "PATCH" | "DELETE", body?: unknown) {
    setError(undefined);
    setBusyId(member.id);
    const result = await sendTeamRequest(`/api/v1/members/${member.id}`, method, body);
    setBusyId(undefined);
    if (result.error) return setError(result.error);
    router.refresh();
  }

  function remove(member: MemberRow) {
    if (window.confirm(`Remove ${member.email} from the workspace? They lose access at once.`)) void act(member, "DELETE");
  }

  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" className="font-semibold">Members</h2>
      {error ? <p role="alert" className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-700">{error}</p> : null}
      <table className="mt-3 w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
        <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
          <tr><th className="p-3">Email</th><th className="p-3">Role</th><th className="p-3">Joined</th><th className="p-3" /></tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id} className="border-t border-slate-100" data-testid="member-row">
              <td className="p-3">
                {member.email}
                {member.isYou ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">you</span> : null}
              </td>
              <td className="p-3">
                {canWrite ? (
                  <>
                    <select
                      aria-label={`Role of ${member.email}`}
                      value={member.role}
                      disabled={member.roleOptions.length <= 1 || busyId === member.id}
                      title={member.roleLockedReason ?? undefined}
                      onChange={(event) => void act(member, "PATCH", { role: event.target.value })}
                      className="rounded-md border border-slate-300 px-2 py-1 capitalize disabled:bg-slate-50 disabled:text-slate-500"
                    >
                      {/* The current role always shows, even where it is the only choice. */}
                      {member.role && !member.roleOptions.includes(member.role) ? <option value={member.role}>{member.role}</option> : null}
                      {member.roleOptions.map((role) => <option key={role} value={role}>{role}</option>)}
                    </select>
                    {member.roleLockedReason ? <p className="mt-1 text-xs text-slate-500">{member.roleLockedReason}</p> : null}
                  </>
                ) : (
                  <span className="capitalize" data-testid="member-role">{member.role}</span>
                )}
              </td>
              <td className="p-3 text-slate-500">{member.createdAt.slice(0, 10)}</td>
              <td className="p-3 text-right">
                {canWrite ? (
                  <button
                    type="button"
                    onClick={() => remove(member)}
                    disabled={member.removeBlockedReason !== null || busyId === member.id}
                    title={member.removeBlockedReason ?? undefined}
                    aria-label={`Remove ${member.email}`}
                    className="text-red-600 hover:underline disabled:cursor-not-allowed disabled:text-slate-400 disabled:no-underline"
                  >
                    Remove
                  </button>
                ) : null}
                {canWrite && member.removeBlockedReason ? <p className="mt-1 text-xs text-slate-500">{member.removeBlockedReason}</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
