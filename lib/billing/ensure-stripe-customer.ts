import { withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { rethrowStripeError } from "./rethrow-stripe-error";
import { getStripe } from "./stripe-client";

/**
 * The tenant's Stripe customer, created on first use. The idempotency key is derived from the tenant
 * id, so concurrent first uses (two tabs, a retried request) get the same customer from Stripe, and
 * only the first store wins in PostgreSQL (the others find it there).
 */
export async function ensureStripeCustomer(tenantId: string): Promise<string> {
  const tenant = await withTenantDb(tenantId, (db) => db.tenant.findFirst({ where: { id: tenantId }, select: { name: true, stripeCustomerId: true } }));
  if (!tenant) throw new AppError("not_found", "No such workspace.");
  if (tenant.stripeCustomerId) return tenant.stripeCustomerId;

  const customer = await getStripe().customers.create(
    { name: tenant.name, metadata: { tenant_id: tenantId } },
    { idempotencyKey: `roi-spectrum-customer-${tenantId}` },
  ).catch(rethrowStripeError);
  return withTenantDb(tenantId, async (db) => {
    await db.tenant.updateMany({ where: { id: tenantId, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
    const stored = await db.tenant.findFirst({ where: { id: tenantId }, select: { stripeCustomerId: true } });
    return stored?.stripeCustomerId ?? customer.id;
  });
}
