import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-lg flex-col items-center justify-center gap-4 p-8 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-indigo-600">404</p>
      <h1 className="text-3xl font-bold">Nothing here</h1>
      <p className="text-slate-600">This page or workspace does not exist. Check the address, or start a workspace of your own.</p>
      <Link href="/" className="text-indigo-600 underline">Go to the start page</Link>
    </main>
  );
}
