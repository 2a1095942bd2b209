import type { Metadata } from "next";
import { getRootDomain } from "@/lib/config";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create your workspace" };
export const dynamic = "force-dynamic";

export default function SignUpPage() {
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <h1 className="text-2xl font-bold">Create your workspace</h1>
      <p className="mt-2 text-sm text-slate-600">Your agency gets its own address. You will be its owner.</p>
      <SignUpForm rootDomain={getRootDomain()} />
    </main>
  );
}
