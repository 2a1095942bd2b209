import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { createPortalSession } from "@/lib/billing/create-portal-session";

// POST /api/v1/billing/portal – { url } of the Stripe customer portal (change plan, cancel, card)
export const POST = withTenant(
  async (request, { tenant }) => {
    const protocol = request.headers.get("x-forwarded-proto") === "https" ? "https" : "http";
    return NextResponse.json(await createPortalSession(tenant, protocol));
  },
  { permission: "billing.write" },
);
