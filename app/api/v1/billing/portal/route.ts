import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { createPortalSession } from "@/lib/billing/create-portal-session";
import { requestProtocol } from "@/lib/http";

// POST /api/v1/billing/portal – { url } of the Stripe customer portal (change plan, cancel, card)
export const POST = withTenant(
  async (request, { tenant }) => {
    return NextResponse.json(await createPortalSession(tenant, requestProtocol(request.headers)));
  },
  { permission: "billing.write" },
);
