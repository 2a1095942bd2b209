"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { sendTeamRequest } from "./team-api";

export function InviteForm({ roles }: { roles: string[] }) {
  const router = useRouter();
  const [notice, setNotice] = useState<{ kind: "ok" | "warn" | "error"; text: string }>();
  const [isSubmitting, setSubmitting] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setSubmitting(true);
    setNotice(undefined);
    const { error, data } = await sendTeamRequest("/api/v1/invitations", "POST", { email: form.get("email"), role: form.get("role") });
    setSubmitting(false);
    if (error) return setNotice({ kind: "error", text: error });
    const sent = data as { email: string; emailSent: boolean };
    setNotice(
      sent.emailSent
        ? { kind: "ok", text: `Invitation sent to ${sent.email}.` }
        : { kind: "warn", text: `Invitation to ${sent.email} saved, but the email could not be sent. Use Resend in a minute.` },
    );
    formElement.reset();
    router.refresh();
  }

  const noticeClass = { ok: "bg-emerald-50 text-emerald-800", warn: "bg-amber-50 text-amber-900", error: "bg-red-50 text-red-700" };
  return (
    <section aria-labelledby="invite-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="invite-heading" className="font-semibold">Invite a member</h2>
      <form onSubmit={submit} aria-label="Invite a member" className="mt-3 flex flex-wrap items-end gap-3">
        <label className="min-w-64 flex-1 text-sm">
          <span className="font-medium text-slate-700">Email</span>
          <input name="email" type="email" required maxLength={255} autoComplete="off" className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <label className="text-sm">
          <span className="font-medium text-slate-700">Role</span>
          <select name="role" defaultValue="analyst" className="mt-1 block rounded-md border border-slate-300 px-3 py-2 capitalize">
            {roles.map((role) => <option key={role} value={role}>{role}</option>)}
          </select>
        </label>
        <button type="submit" disabled={isSubmitting} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
          {isSubmitting ? "Sending…" : "Send invitation"}
        </button>
      </form>
      {notice ? (
        <p role={notice.kind === "error" ? "alert" : "status"} className={`mt-3 rounded-md p-3 text-sm ${noticeClass[notice.kind]}`}>{notice.text}</p>
      ) : null}
      <p className="mt-2 text-xs text-slate-500">The link in the email works once and expires after 7 days.</p>
    </section>
  );
}
