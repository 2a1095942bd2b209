// Stripe's error body: {"error": {type, message, code?, param?, doc_url?}} with the HTTP status that
// stripe-node maps to its error classes (400/404 → StripeInvalidRequestError, 401 → StripeAuthenticationError,
// 400 with type idempotency_error → StripeIdempotencyError).
import type { JsonObject } from "./json.ts";

export type StripeErrorType = "invalid_request_error" | "idempotency_error" | "api_error" | "card_error";

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }

  toBody(): JsonObject {
    const error: JsonObject = { type: this.type, message: this.message };
    if (this.code !== undefined) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replaceAll("_", "-")}`;
    }
    if (this.param !== undefined) error.param = this.param;
    return { error };
  }
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, code, param);
}

export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, param, "parameter_missing");
}

/**
 * An id in the URL path that does not exist is a 404 with param "id"; an id inside the parameters
 * (e.g. `customer=cus_x` on a checkout session) is a 400 naming that parameter. Both use resource_missing.
 */
export function noSuch(kind: string, id: string, param?: string): StripeApiError {
  return new StripeApiError(param === undefined ? 404 : 400, "invalid_request_error", `No such ${kind}: '${id}'`, "resource_missing", param ?? "id");
}

export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return new StripeApiError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
}
