import { NextResponse } from "next/server";
import { withCron } from "@/lib/api";
import { drainBillingQueue } from "@/lib/billing/drain-billing-queue";

// GET /api/v1/cron/billing – applies queued Stripe events to PostgreSQL, exactly once each
export const GET = withCron(async () => NextResponse.json(await drainBillingQueue()));
