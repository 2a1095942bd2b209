import type { TenantSql } from "@/lib/db";

/**
 * Stores the Stripe customer on a tenant that has none yet (normally done when Checkout starts; this
 * covers an event that arrives for a customer created elsewhere but named for this tenant). A tenant
 * that meanwhile got another customer is an error, retried and then dead-lettered for a human.
 */
export async function linkStripeCustomer(sql: TenantSql, tenantId: string, customerId: string): Promise<void> {
  const [tenant] = await sql.query<{ stripe_customer_id: string | null }>(
    `UPDATE tenants SET stripe_customer_id = coalesce(stripe_customer_id, $2) WHERE id = $1::uuid RETURNING stripe_customer_id`,
    [tenantId, customerId],
  );
  if (tenant?.stripe_customer_id !== customerId) {
    throw new Error(`tenant ${tenantId} has Stripe customer ${tenant?.stripe_customer_id ?? "none"}, not ${customerId}`);
  }
}
