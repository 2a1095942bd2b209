// npm run db:seed — the demo workspace (idempotent). Sign in at http://demo.<root>/signin
import { getConfig } from "@/lib/config";
import { disconnectPrisma, resolveTenantRow } from "@/lib/db";
import { createTenant } from "@/lib/tenants";

export const DEMO = { name: "Demo Agency", subdomain: "demo", email: "owner@demo.test", password: "demo-password-123" };

export async function seedDemo(): Promise<string> {
  if (await resolveTenantRow(DEMO.subdomain)) return "demo workspace already present";
  const protocol = getConfig().APP_ENV === "production" ? "https" : "http";
  const created = await createTenant(DEMO, protocol);
  return `demo workspace created at ${created.tenant.url}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await seedDemo());
  await disconnectPrisma();
}
