import { withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { tenantUrl, type TenantContext } from "@/lib/tenants";
import { BILLING_PAGE_PATH } from "./create-checkout-session";
import { rethrowStripeError } from "./rethrow-stripe-error";
import { getStripe } from "./stripe-client";

/** A Stripe customer-portal session (change plan, cancel, update the card) returning to the billing page. */
export async function createPortalSession(tenant: TenantContext, protocol: "http" | "https"): Promise<{ url: string }> {
  const stored = await withTenantDb(tenant.id, (db) => db.tenant.findFirst({ where: { id: tenant.id }, select: { stripeCustomerId: true } }));
  const customer = stored?.stripeCustomerId;
  if (!customer) throw new AppError("conflict", "This workspace has no billing account yet; choose a plan first.");
  const session = await getStripe().billingPortal.sessions.create({
    customer,
    return_url: `${tenantUrl(tenant.subdomain, protocol)}${BILLING_PAGE_PATH}`,
  }).catch(rethrowStripeError);
  return { url: session.url };
}
