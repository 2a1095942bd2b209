import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { loadTenant, readPrincipal } from "../_lib/load-tenant";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  params,
  searchParams,
}: {
  params: Promise<{ subdomain: string }>;
  searchParams: Promise<{ email?: string; welcome?: string }>;
}) {
  const tenant = await loadTenant((await params).subdomain);
  if (await readPrincipal(tenant)) redirect("/");
  const { email, welcome } = await searchParams;
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-16">
      <p className="text-sm font-semibold uppercase tracking-wide text-indigo-600">ROI Spectrum</p>
      <h1 className="mt-1 text-2xl font-bold">Sign in to {tenant.name}</h1>
      {welcome ? (
        <p className="mt-4 rounded-md bg-emerald-50 p-3 text-sm text-emerald-800" role="status">
          Your workspace is ready. Sign in with the password you just chose.
        </p>
      ) : null}
      <SignInForm defaultEmail={typeof email === "string" ? email.slice(0, 255) : ""} />
    </main>
  );
}
