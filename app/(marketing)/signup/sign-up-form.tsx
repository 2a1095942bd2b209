"use client";

import { useState, type FormEvent } from "react";
import { Field } from "@/app/_components/field";

type FieldErrors = Partial<Record<"name" | "subdomain" | "email" | "password", string>>;

interface ErrorBody {
  error?: { code?: string; message?: string; details?: { field?: string; message: string }[] };
}

export function SignUpForm({ rootDomain }: { rootDomain: string }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [isSubmitting, setSubmitting] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setErrors({});
    setFormError(undefined);
    const form = new FormData(event.currentTarget);
    const payload = Object.fromEntries(["name", "subdomain", "email", "password"].map((key) => [key, String(form.get(key) ?? "")]));
    try {
      const response = await fetch("/api/v1/tenants", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
      });
      if (response.status === 201) {
        const created = (await response.json()) as { tenant: { url: string }; user: { email: string } };
        window.location.assign(`${created.tenant.url}/signin?email=${encodeURIComponent(created.user.email)}&welcome=1`);
        return;
      }
      const body = (await response.json().catch(() => ({}))) as ErrorBody;
      const fieldErrors: FieldErrors = {};
      for (const detail of body.error?.details ?? []) {
        if (detail.field && detail.field in payload) fieldErrors[detail.field as keyof FieldErrors] ??= detail.message;
      }
      setErrors(fieldErrors);
      if (!Object.keys(fieldErrors).length) setFormError(body.error?.message ?? "Sign-up failed; try again.");
    } catch {
      setFormError("Could not reach the server; check your connection and try again.");
    }
    setSubmitting(false);
  }

  return (
    <form onSubmit={submit} noValidate className="mt-8 space-y-5" aria-label="Sign up">
      <Field label="Agency name" name="name" autoComplete="organization" maxLength={100} required error={errors.name} />
      <Field
        label="Workspace address"
        name="subdomain"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={50}
        required
        placeholder="your-agency"
        suffix={`.${rootDomain}`}
        error={errors.subdomain}
      />
      <Field label="Your email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field
        label="Password (12 characters or more)"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={12}
        required
        error={errors.password}
      />
      {formError ? <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">{formError}</p> : null}
      <button
        type="submit"
        disabled={isSubmitting}
        className="w-full rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {isSubmitting ? "Creating your workspace…" : "Create workspace"}
      </button>
    </form>
  );
}
