import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { createApiKey, listApiKeys } from "@/lib/api-keys";
import { readJsonBody } from "@/lib/http";

// GET /api/v1/api-keys – the workspace's API keys, without secrets
export const GET = withTenant(
  async (_request, { tenant }) => NextResponse.json({ data: await listApiKeys(tenant.id) }),
  { permission: "api_keys.read" },
);

// POST /api/v1/api-keys – creates a key and returns its secret once
export const POST = withTenant(
  async (request, { tenant, principal }) => {
    const createdBy = principal.type === "user" ? principal.userId : null;
    const key = await createApiKey(tenant.id, createdBy, await readJsonBody(request, 16 * 1024));
    return NextResponse.json(key, { status: 201, headers: { "cache-control": "no-store" } });
  },
  { permission: "api_keys.write" },
);
