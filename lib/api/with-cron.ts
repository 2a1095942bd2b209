import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { NextRequest } from "next/server";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { markGuard } from "./route-guard";

export type CronHandler = (request: NextRequest, context: { requestId: string }) => Promise<Response>;

/**
 * True if the Authorization header is `Bearer <CRON_SECRET>`. Compared in constant time (both sides
 * hashed first, so neither the secret's content nor its length leaks through timing); anything else,
 * including a missing or empty secret, is refused.
 */
export function isCronAuthorized(authorization: string | null, secret: string): boolean {
  const match = /^Bearer (\S+)$/.exec(authorization ?? "");
  if (!match || secret.length === 0) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(secret));
}

/** True if the request carries the configured cron secret (see isCronAuthorized). */
export function hasCronSecret(request: Pick<Request, "headers">): boolean {
  return isCronAuthorized(request.headers.get("authorization"), getConfig().CRON_SECRET);
}

/** For /api/v1/cron/* routes the scheduler calls with `Authorization: Bearer $CRON_SECRET`. */
export function withCron(handler: CronHandler) {
  const wrapped = async (request: NextRequest): Promise<Response> => {
    const requestId = randomUUID();
    try {
      if (!hasCronSecret(request)) {
        throw new AppError("unauthorized", "Send the cron secret as a bearer token.");
      }
      const response = await handler(request, { requestId });
      response.headers.set("x-request-id", requestId);
      response.headers.set("cache-control", "no-store");
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
  return markGuard(wrapped, { kind: "cron" });
}
