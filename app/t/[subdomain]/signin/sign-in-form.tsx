"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Field } from "@/app/_components/field";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Email or password is incorrect.",
  rate_limited: "Too many sign-in attempts. Wait a few minutes and try again.",
  service_unavailable: "Sign-in is briefly unavailable. Try again in a moment.",
};

export function SignInForm({ defaultEmail }: { defaultEmail: string }) {
  const [error, setError] = useState<string>();
  const [isSubmitting, setSubmitting] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    const form = new FormData(event.currentTarget);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      window.location.assign("/");
      return;
    }
    setError(MESSAGES[result?.error ?? ""] ?? MESSAGES.CredentialsSignin);
    setSubmitting(false);
  }

  return (
    <form onSubmit={submit} className="mt-8 space-y-5" aria-label="Sign in">
      <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={defaultEmail} required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      {error ? <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">{error}</p> : null}
      <button
        type="submit"
        disabled={isSubmitting}
        className="w-full rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {isSubmitting ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
