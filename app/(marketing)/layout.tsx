import Link from "next/link";
import type { ReactNode } from "react";

export default function MarketingLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-6xl items-center justify-between px-6 py-4">
          <Link href="/" className="text-lg font-bold tracking-tight">
            ROI <span className="text-indigo-600">Spectrum</span>
          </Link>
          <div className="flex items-center gap-6 text-sm">
            <Link href="/#pricing" className="text-slate-600 hover:text-slate-900">Pricing</Link>
            <Link href="/signin" className="text-slate-600 hover:text-slate-900">Sign in</Link>
            <Link href="/signup" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500">
              Start free
            </Link>
          </div>
        </nav>
      </header>
      <div className="flex-1">{children}</div>
      <footer className="border-t border-slate-200 bg-white py-6 text-center text-sm text-slate-500">
        ROI Spectrum — prove what SEO earns. ·{" "}
        <Link href="/docs/api" className="hover:text-slate-900">API reference</Link>
      </footer>
    </div>
  );
}
