import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { getRootDomain } from "@/lib/config";
import { requestProtocol } from "@/lib/http/request-protocol";
import { isValidSubdomainLabel } from "@/lib/middleware/reserved-subdomains";
import { Field } from "@/app/_components/field";

export const metadata: Metadata = { title: "Sign in" };

// Workspaces sign in on their own subdomain; this page only finds the way there.
async function goToWorkspace(form: FormData) {
  "use server";
  const subdomain = String(form.get("workspace") ?? "").trim().toLowerCase();
  if (!isValidSubdomainLabel(subdomain)) redirect("/signin?invalid=1");
  redirect(`${requestProtocol(await headers())}://${subdomain}.${getRootDomain()}/signin`);
}

export default async function FindWorkspacePage({ searchParams }: { searchParams: Promise<{ invalid?: string }> }) {
  const { invalid } = await searchParams;
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <h1 className="text-2xl font-bold">Sign in to your workspace</h1>
      <form action={goToWorkspace} className="mt-8 space-y-5">
        <Field
          label="Workspace address"
          name="workspace"
          required
          autoCapitalize="none"
          suffix={`.${getRootDomain()}`}
          error={invalid ? "That is not a valid workspace address." : undefined}
        />
        <button type="submit" className="w-full rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-500">
          Continue
        </button>
      </form>
    </main>
  );
}
