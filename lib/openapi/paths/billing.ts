import { checkoutRequestSchema } from "@/lib/billing/billing-schemas";
import type { ApiOperation, OperationError } from "../api-operation";
import { billingOverviewSchema, redirectUrlSchema } from "../views/billing-views";

const STRIPE_DOWN: OperationError = { code: "service_unavailable", when: "Stripe cannot be reached; retry" };

export const billingOperations: ApiOperation[] = [
  {
    method: "GET", path: "/api/v1/billing", tag: "Billing", operationId: "getBillingOverview",
    summary: "Billing overview", description: "Plan, subscription status, renewal or end date, entitlements and usage, recent invoices and monthly paid/failed/MRR figures.",
    auth: { kind: "tenant", permission: "billing.read" },
    response: { status: 200, description: "The overview.", schema: billingOverviewSchema, schemaName: "BillingOverview" },
  },
  {
    method: "POST", path: "/api/v1/billing/checkout", tag: "Billing", operationId: "createCheckoutSession",
    summary: "Start a subscription", description: "A Stripe Checkout page for the plan; Stripe sends the buyer back to the workspace's billing page.",
    auth: { kind: "tenant", permission: "billing.write" },
    body: { schema: checkoutRequestSchema, schemaName: "CheckoutRequest", example: { planTier: "pro" } },
    response: { status: 200, description: "Where to send the browser.", schema: redirectUrlSchema, schemaName: "RedirectUrl" },
    errors: [{ code: "conflict", when: "the workspace already has a subscription (change plan in the portal)" }, STRIPE_DOWN],
  },
  {
    method: "POST", path: "/api/v1/billing/portal", tag: "Billing", operationId: "createPortalSession",
    summary: "Open the billing portal", description: "A Stripe customer-portal session: change plan, cancel, update the card.",
    auth: { kind: "tenant", permission: "billing.write" },
    response: { status: 200, description: "Where to send the browser.", schema: redirectUrlSchema, schemaName: "RedirectUrl" },
    errors: [{ code: "conflict", when: "the workspace has no billing account yet" }, STRIPE_DOWN],
  },
];
