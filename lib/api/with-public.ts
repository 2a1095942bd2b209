import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/http";
import { markGuard } from "./route-guard";

export type PublicHandler = (request: NextRequest, context: { requestId: string }) => Promise<Response>;

/** For the few routes anyone may call (sign-up): same error mapping, with the reason on record. */
export function withPublic(handler: PublicHandler, options: { reason: string }) {
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
  return markGuard(wrapped, { kind: "public", reason: options.reason });
}
