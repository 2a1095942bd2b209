import { NextResponse } from "next/server";
import { withWebhook } from "@/lib/api";
import { receiveStripeWebhook } from "@/lib/billing/receive-stripe-webhook";
import { readRawBody } from "@/lib/http";

// POST /api/v1/webhooks/stripe – Stripe's signed events: verify, de-duplicate, enqueue (no PostgreSQL)
export const POST = withWebhook(async (request) => {
  const receipt = await receiveStripeWebhook(await readRawBody(request), request.headers.get("stripe-signature"));
  return NextResponse.json({ received: true, ...receipt });
});
