import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/http";
import { markGuard } from "./route-guard";

export type WebhookHandler = (request: NextRequest, context: { requestId: string }) => Promise<Response>;

/**
 * For webhooks from outside services: no session or tenant, the handler authenticates the sender
 * itself (a signature over the raw body); errors get the usual JSON shape and status.
 */
export function withWebhook(handler: WebhookHandler) {
  const wrapped = async (request: NextRequest): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const response = await handler(request, { requestId });
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
  return markGuard(wrapped, { kind: "webhook" });
}
