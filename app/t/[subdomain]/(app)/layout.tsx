import Link from "next/link";
import type { ReactNode } from "react";
import { hasPermission, primaryRole } from "@/lib/auth/roles";
import { requireMember } from "../_lib/load-tenant";
import { SignOutButton } from "./sign-out-button";

export default async function AppShell({ children, params }: { children: ReactNode; params: Promise<{ subdomain: string }> }) {
  const { tenant, principal } = await requireMember((await params).subdomain);
  const links = [
    { href: "/", label: "Dashboard", isVisible: true },
    { href: "/sites", label: "Sites", isVisible: true },
    { href: "/import", label: "Import", isVisible: true },
    { href: "/audit", label: "Audit log", isVisible: hasPermission(principal.roleMask, "audit.read") },
    { href: "/team", label: "Team", isVisible: hasPermission(principal.roleMask, "members.read") },
    { href: "/billing", label: "Billing", isVisible: hasPermission(principal.roleMask, "billing.read") },
    { href: "/api-keys", label: "API keys", isVisible: hasPermission(principal.roleMask, "api_keys.read") },
  ];
  return (
    <div className="flex min-h-screen">
      <aside className="hidden w-56 shrink-0 border-r border-slate-200 bg-white p-4 sm:block">
        <p className="px-2 text-lg font-bold tracking-tight">
          ROI <span className="text-indigo-600">Spectrum</span>
        </p>
        <nav className="mt-6 space-y-1" aria-label="Workspace">
          {links.filter((link) => link.isVisible).map((link) => (
            <Link key={link.href} href={link.href} className="block rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
              {link.label}
            </Link>
          ))}
        </nav>
      </aside>
      <div className="flex flex-1 flex-col">
        <header className="flex items-center justify-between border-b border-slate-200 bg-white px-6 py-3">
          <div>
            <p className="font-semibold" data-testid="tenant-name">{tenant.name}</p>
            <p className="text-xs text-slate-500">{tenant.subdomain} · {tenant.planTier} plan</p>
          </div>
          <div className="flex items-center gap-4">
            <div className="text-right">
              <p className="text-sm" data-testid="user-email">{principal.email}</p>
              <p className="text-xs capitalize text-slate-500" data-testid="user-role">{primaryRole(principal.roleMask) ?? "member"}</p>
            </div>
            <SignOutButton />
          </div>
        </header>
        <main className="flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
