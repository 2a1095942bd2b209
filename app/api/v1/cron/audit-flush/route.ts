import { NextResponse } from "next/server";
import { withCron } from "@/lib/api";
import { flushParkedAuditEvents } from "@/lib/audit";
import { AppError } from "@/lib/errors";

// GET /api/v1/cron/audit-flush – writes audit events parked in Redis while MongoDB was unreachable
export const GET = withCron(async () => {
  const result = await flushParkedAuditEvents();
  if (result.interrupted) {
    throw new AppError("service_unavailable", `The audit store failed again; ${result.remaining} event(s) stay parked.`, undefined, { "Retry-After": "60" });
  }
  return NextResponse.json(result, { headers: { "cache-control": "no-store" } });
});
