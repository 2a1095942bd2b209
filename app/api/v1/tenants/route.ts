import { NextResponse, type NextRequest } from "next/server";
import { withPublic } from "@/lib/api";
import { recordAuditEvent, requestContextOf } from "@/lib/audit";
import { getRootDomain } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { clientIp, readJsonBody, requestProtocol } from "@/lib/http";
import { parseHost } from "@/lib/middleware/parse-host";
import { enforceRateLimit } from "@/lib/rate-limit";
import { createTenant } from "@/lib/tenants";

// POST /api/v1/tenants – sign-up: creates a workspace and its owner (marketing site only)
export const POST = withPublic(
  async (request: NextRequest, { requestId }) => {
    if (parseHost(request.headers.get("host"), getRootDomain()).kind !== "root") {
      throw new AppError("not_found", "Sign up on the main site.");
    }
    await enforceRateLimit("signUpPerIp", clientIp(request.headers));
    const body = await readJsonBody(request);
    const created = await createTenant(body, requestProtocol(request.headers));
    await recordAuditEvent({
      tenantId: created.tenant.id,
      planTier: "free",
      action: "tenant.signed_up",
      actor: { type: "user", id: created.user.id, label: created.user.email },
      targets: [{ type: "tenant", id: created.tenant.id }, { type: "user", id: created.user.id }],
      context: requestContextOf(request.headers, requestId),
      metadata: { name: created.tenant.name, subdomain: created.tenant.subdomain },
    });
    return NextResponse.json(created, { status: 201 });
  },
  { reason: "anyone may sign up" },
);
