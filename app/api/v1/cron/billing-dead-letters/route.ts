import { NextResponse } from "next/server";
import { withCron } from "@/lib/api";
import { listDeadLetters } from "@/lib/billing/list-dead-letters";
import { replayDeadLetters } from "@/lib/billing/replay-dead-letters";

// GET /api/v1/cron/billing-dead-letters – Stripe events that kept failing, with their last error
export const GET = withCron(async () => NextResponse.json({ data: await listDeadLetters() }));

// POST /api/v1/cron/billing-dead-letters – puts them back on the queue (after fixing the cause)
export const POST = withCron(async () => NextResponse.json(await replayDeadLetters()));
