import { NextResponse } from "next/server";
import { withCron } from "@/lib/api";
import { expireLapsedSubscriptions } from "@/lib/billing/expire-lapsed-subscriptions";
import { reconcileStripeEvents } from "@/lib/billing/reconcile-stripe-events";

// GET /api/v1/cron/billing-maintenance – expires unrenewed subscriptions; re-enqueues Stripe events never applied
export const GET = withCron(async () =>
  NextResponse.json({ expiry: await expireLapsedSubscriptions(), reconcile: await reconcileStripeEvents() }),
);
