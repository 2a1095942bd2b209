"use client";

import { useState, type FormEvent } from "react";
import { Field } from "@/app/_components/field";

const PASSWORD_MIN = 12;

export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const [error, setError] = useState<string>();
  const [fieldError, setFieldError] = useState<string>();
  const [isSubmitting, setSubmitting] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    setFieldError(undefined);
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) return setFieldError("The two passwords differ.");
    setSubmitting(true);
    const response = await fetch("/api/v1/invitations/accept", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, password }),
    });
    if (response.ok) {
      window.location.assign(`/signin?email=${encodeURIComponent(email)}`);
      return;
    }
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string; details?: { field?: string; message: string }[] } };
    const detail = body.error?.details?.find((item) => item.field === "password");
    if (detail) setFieldError(detail.message);
    else setError(body.error?.message ?? "The invitation could not be accepted. Try again.");
    setSubmitting(false);
  }

  return (
    <form onSubmit={submit} className="mt-8 space-y-5" aria-label="Accept invitation">
      <Field label={`Password (at least ${PASSWORD_MIN} characters)`} name="password" type="password" autoComplete="new-password" minLength={PASSWORD_MIN} required error={fieldError} />
      <Field label="Repeat password" name="confirm" type="password" autoComplete="new-password" required />
      {error ? <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">{error}</p> : null}
      <button
        type="submit"
        disabled={isSubmitting}
        className="w-full rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {isSubmitting ? "Creating your account…" : "Accept and create account"}
      </button>
    </form>
  );
}
