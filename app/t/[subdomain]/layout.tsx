import type { ReactNode } from "react";
import { loadTenant } from "./_lib/load-tenant";

export const dynamic = "force-dynamic";

export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ subdomain: string }> }) {
  await loadTenant((await params).subdomain);
  return children;
}
