import { NextResponse } from "next/server";
import { withTenant } from "@/lib/api";
import { auditContextOf, recordAuditEvent } from "@/lib/audit";
import { revokeApiKey } from "@/lib/api-keys";

// DELETE /api/v1/api-keys/{id} – revokes a key (unknown or another workspace's id: 404)
export const DELETE = withTenant(
  async (request, context) => {
    const key = await revokeApiKey(context.tenant.id, String(context.params.id));
    await recordAuditEvent({
      ...auditContextOf(request, context),
      action: "api_key.revoked",
      targets: [{ type: "api_key", id: key.id }],
      metadata: { name: key.name, prefix: key.prefix },
    });
    return NextResponse.json(key);
  },
  { permission: "api_keys.write" },
);
