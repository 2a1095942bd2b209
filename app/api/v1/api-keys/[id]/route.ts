import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { revokeApiKey } from "@/lib/api-keys";

// DELETE /api/v1/api-keys/{id} – revokes a key (unknown or another workspace's id: 404)
export const DELETE = withTenant(
  async (_request, { tenant, params }) => NextResponse.json(await revokeApiKey(tenant.id, String(params.id))),
  { permission: "api_keys.write" },
);
