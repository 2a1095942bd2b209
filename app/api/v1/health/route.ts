import { NextResponse } from "next/server";
import { withPublic } from "@/lib/api";

// GET /api/v1/health – liveness for load balancers (and the benchmarks' bare-route baseline)
export const GET = withPublic(async () => NextResponse.json({ ok: true }), { reason: "liveness probe, no data" });
