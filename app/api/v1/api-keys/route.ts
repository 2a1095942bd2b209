import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, recordAuditEvent } from "@/lib/audit";
import { createApiKey, listApiKeys } from "@/lib/api-keys";
import { readJsonBody } from "@/lib/http";

// GET /api/v1/api-keys – the workspace's API keys, without secrets
export const GET = withTenant(
  async (_request, { tenant }) => NextResponse.json({ data: await listApiKeys(tenant.id) }),
  { permission: "api_keys.read" },
);

// POST /api/v1/api-keys – creates a key and returns its secret once
export const POST = withTenant(
  async (request, context) => {
    const { tenant, principal } = context;
    const createdBy = principal.type === "user" ? principal.userId : null;
    const key = await createApiKey(tenant.id, createdBy, await readJsonBody(request, 16 * 1024), principal.roleMask);
    // The secret itself is never recorded: name, role and the public prefix identify the key.
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "api_key.created",
      targets: [{ type: "api_key", id: key.id }],
      metadata: { name: key.name, role: key.role, prefix: key.prefix },
    });
    return NextResponse.json(key, { status: 201, headers: { "cache-control": "no-store" } });
  },
  { permission: "api_keys.write" },
);
