import type { Metadata } from "next";
import Link from "next/link";
import { AppError } from "@/lib/errors";
import { getInvitationForToken, type InvitationPreview } from "@/lib/invitations";
import { loadTenant } from "../_lib/load-tenant";
import { AcceptInvitationForm } from "./accept-invitation-form";

// The link carries a secret token: never send it on to another site as a Referer.
export const metadata: Metadata = { title: "Accept invitation", referrer: "no-referrer", robots: { index: false } };

export default async function InvitePage({
  params,
  searchParams,
}: {
  params: Promise<{ subdomain: string }>;
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const tenant = await loadTenant((await params).subdomain);
  const { token } = await searchParams;
  let preview: InvitationPreview | null = null;
  let problem = "This invitation link is incomplete. Open the link from your invitation email again.";
  if (typeof token === "string" && token.length > 0) {
    try {
      preview = await getInvitationForToken(tenant.id, token);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problem = error.message;
    }
  }

  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-16">
      <p className="text-sm font-semibold uppercase tracking-wide text-indigo-600">ROI Spectrum</p>
      <h1 className="mt-1 text-2xl font-bold">Join {tenant.name}</h1>
      {preview && typeof token === "string" ? (
        <>
          <p className="mt-3 text-sm text-slate-600">
            You were invited as <strong className="capitalize">{preview.role}</strong>. Choose a password for{" "}
            <strong data-testid="invite-email">{preview.email}</strong> to create your account.
          </p>
          <AcceptInvitationForm token={token} email={preview.email} />
        </>
      ) : (
        <div className="mt-6 space-y-4">
          <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">{problem}</p>
          <Link href="/signin" className="text-sm font-medium text-indigo-600 hover:underline">Go to sign-in</Link>
        </div>
      )}
    </main>
  );
}
