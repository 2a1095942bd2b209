import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { getBillingOverview } from "@/lib/billing/get-billing-overview";

// GET /api/v1/billing – plan, status, renewal or end date, entitlements, invoices, monthly aggregates
export const GET = withTenant(
  async (_request, { tenant }) => NextResponse.json(await getBillingOverview(tenant.id), { headers: { "cache-control": "no-store" } }),
  { permission: "billing.read" },
);
