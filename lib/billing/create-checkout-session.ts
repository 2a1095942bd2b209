import { withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { tenantUrl, type TenantContext } from "@/lib/tenants";
import { parseInput } from "@/lib/validation/parse-input";
import { checkoutRequestSchema } from "./billing-schemas";
import { LIVE_SUBSCRIPTION_STATUSES } from "./entitlements";
import { ensureStripeCustomer } from "./ensure-stripe-customer";
import { stripePriceIdFor } from "./plan-prices";
import { rethrowStripeError } from "./rethrow-stripe-error";
import { getStripe } from "./stripe-client";

/** Where the tenant's billing page lives (the lead's page at app/t/[subdomain]/(app)/billing). */
export const BILLING_PAGE_PATH = "/billing";

/**
 * Starts a subscription purchase: a Stripe Checkout Session for the plan, on the tenant's customer.
 * The tenant id rides along (client_reference_id and metadata, also on the subscription) so the
 * completed session can be matched to the tenant; Stripe sends the buyer back to the tenant's own host.
 * A tenant that already pays changes plan in the portal instead (409).
 */
export async function createCheckoutSession(tenant: TenantContext, input: unknown, protocol: "http" | "https"): Promise<{ url: string }> {
  const { planTier } = parseInput(checkoutRequestSchema, input);
  const live = await withTenantDb(tenant.id, (db) => db.subscription.count({ where: { status: { in: [...LIVE_SUBSCRIPTION_STATUSES] } } }));
  if (live > 0) throw new AppError("conflict", "This workspace already has a subscription; change plan in the billing portal.");

  const customer = await ensureStripeCustomer(tenant.id);
  const base = `${tenantUrl(tenant.subdomain, protocol)}${BILLING_PAGE_PATH}`;
  const session = await getStripe().checkout.sessions.create({
    mode: "subscription",
    customer,
    line_items: [{ price: stripePriceIdFor(planTier), quantity: 1 }],
    client_reference_id: tenant.id,
    metadata: { tenant_id: tenant.id, plan_tier: planTier },
    subscription_data: { metadata: { tenant_id: tenant.id } },
    success_url: `${base}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${base}?checkout=canceled`,
  }).catch(rethrowStripeError);
  if (!session.url) throw new Error(`checkout session ${session.id} has no url`);
  return { url: session.url };
}
