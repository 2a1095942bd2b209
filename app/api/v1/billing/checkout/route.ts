import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { createCheckoutSession } from "@/lib/billing/create-checkout-session";
import { readJsonBody, requestProtocol } from "@/lib/http";

// POST /api/v1/billing/checkout – { planTier } -> { url } of a Stripe Checkout page for that plan
export const POST = withTenant(
  async (request, { tenant }) => {
    return NextResponse.json(await createCheckoutSession(tenant, await readJsonBody(request), requestProtocol(request.headers)));
  },
  { permission: "billing.write" },
);
