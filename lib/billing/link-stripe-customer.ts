import type { TenantDb } from "@/lib/db";

/**
 * Stores the Stripe customer on a tenant that has none yet (normally done when Checkout starts; this
 * covers an event that arrives for a customer created elsewhere but named for this tenant). A tenant
 * that meanwhile got another customer is an error, retried and then dead-lettered for a human.
 */
export async function linkStripeCustomer(db: TenantDb, tenantId: string, customerId: string): Promise<void> {
  await db.tenant.updateMany({ where: { id: tenantId, stripeCustomerId: null }, data: { stripeCustomerId: customerId } });
  const tenant = await db.tenant.findFirst({ where: { id: tenantId }, select: { stripeCustomerId: true } });
  if (tenant?.stripeCustomerId !== customerId) {
    throw new Error(`tenant ${tenantId} has Stripe customer ${tenant?.stripeCustomerId ?? "none"}, not ${customerId}`);
  }
}
