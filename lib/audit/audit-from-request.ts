import type { ApiKeyPrincipal } from "@/lib/api-keys";
import type { UserPrincipal } from "@/lib/auth/authenticate-user";
import { clientIp } from "@/lib/http";
import type { AuditActor, AuditEventInput, AuditRequestContext } from "./audit-event";

// What a route handler passes to recordAuditEvent besides the action and targets, in one call:
//   await recordAuditEvent({ ...auditContextOf(request, ctx), action: "site.created", targets: [...] })

interface RequestScope {
  tenant: { id: string; planTier: string };
  principal: UserPrincipal | ApiKeyPrincipal;
  requestId: string;
}

/** The request's address, user agent and id. */
export function requestContextOf(headers: Headers, requestId: string): AuditRequestContext {
  return { ip: clientIp(headers), userAgent: headers.get("user-agent") ?? "", requestId };
}

/** Who acted: the signed-in user or the API key. */
export function actorOf(principal: UserPrincipal | ApiKeyPrincipal): AuditActor {
  return principal.type === "user"
    ? { type: "user", id: principal.userId, label: principal.label }
    : { type: "api_key", id: principal.keyId, label: principal.label };
}

/** Tenant, plan, actor and request context of an authenticated tenant request. */
export function auditContextOf(request: Request, scope: RequestScope): Pick<AuditEventInput, "tenantId" | "planTier" | "actor" | "context"> {
  return {
    tenantId: scope.tenant.id,
    planTier: scope.tenant.planTier,
    actor: actorOf(scope.principal),
    context: requestContextOf(request.headers, scope.requestId),
  };
}

/** An update's changes: the fields the (already validated) body sent, with their new values. */
export function changesOf(body: unknown): Record<string, unknown> | undefined {
  return body !== null && typeof body === "object" && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : undefined;
}
