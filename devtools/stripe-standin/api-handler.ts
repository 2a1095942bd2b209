// The /v1 API: authentication, parameter decoding, idempotency, routing and Stripe's error responses.
import type { IncomingMessage, ServerResponse } from "node:http";
import { decodeForm, type FormObject } from "./form-decode.ts";
import { StripeApiError, unrecognizedUrl } from "./errors.ts";
import { apiKeyFrom, BodyTooLargeError, isSameSecret, maskKey, readBody, sendJson } from "./http-util.ts";
import { IdempotencyStore } from "./idempotency.ts";
import { newId } from "./ids.ts";
import { canonicalJson, type JsonObject } from "./json.ts";
import { Params } from "./params.ts";
import type { ApiDeps, ApiRoute } from "./routes/api-route.ts";
import { billingPortalRoutes } from "./routes/billing-portal.ts";
import { catalogRoutes } from "./routes/catalog.ts";
import { checkoutSessionRoutes } from "./routes/checkout-sessions.ts";
import { customerRoutes } from "./routes/customers.ts";
import { eventRoutes } from "./routes/events.ts";
import { invoiceRoutes } from "./routes/invoices.ts";
import { subscriptionRoutes } from "./routes/subscriptions.ts";

const ROUTES: ApiRoute[] = [
  ...customerRoutes, ...checkoutSessionRoutes, ...billingPortalRoutes, ...subscriptionRoutes, ...invoiceRoutes, ...eventRoutes, ...catalogRoutes,
];

const NO_KEY_MESSAGE =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth " +
  "(e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details.";

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function findRoute(method: string, path: string): { route: ApiRoute; values: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match === null) continue;
    const values: Record<string, string> = {};
    route.names.forEach((name, index) => {
      values[name] = safeDecode(match[index + 1] ?? "");
    });
    return { route, values };
  }
  return undefined;
}

function authenticate(request: IncomingMessage, secretKey: string): void {
  const key = apiKeyFrom(request);
  if (key === undefined || key === "") throw new StripeApiError(401, "invalid_request_error", NO_KEY_MESSAGE);
  if (!isSameSecret(key, secretKey)) {
    throw new StripeApiError(401, "invalid_request_error", `Invalid API Key provided: ${maskKey(key)}`, "api_key_invalid");
  }
}

export function createApiHandler(options: ApiDeps & { secretKey: string; apiVersion: string }) {
  const { secretKey, apiVersion, ...deps } = options;
  const idempotency = new IdempotencyStore();

  return async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const requestId = newId("req");
    const method = request.method ?? "GET";
    const headers: Record<string, string> = {
      "request-id": requestId,
      "stripe-version": String(request.headers["stripe-version"] ?? apiVersion),
    };
    try {
      authenticate(request, secretKey);
      // POST parameters are the form body; GET and DELETE parameters are the query string.
      const raw: FormObject = method === "POST" ? decodeForm(await readBody(request)) : decodeForm(url.search.slice(1));
      const found = findRoute(method, url.pathname);
      if (found === undefined) throw unrecognizedUrl(method, url.pathname);

      // Idempotency-Key only means something on POST; GET and DELETE are idempotent already.
      const idempotencyKey = method === "POST" ? request.headers["idempotency-key"] : undefined;
      const key = typeof idempotencyKey === "string" && idempotencyKey !== "" ? idempotencyKey : undefined;
      const endpoint = `${method} ${url.pathname}`;
      const parameters = canonicalJson(raw);
      if (key !== undefined) {
        headers["idempotency-key"] = key;
        const replay = idempotency.replay(key, endpoint, parameters);
        if (replay !== undefined) {
          sendJson(response, replay.status, replay.body, { ...headers, "idempotent-replayed": "true", "original-request": replay.originalRequestId });
          return;
        }
      }

      const result: JsonObject = found.route.handle({
        ...deps, params: new Params(raw), path: found.values, request: { id: requestId, idempotency_key: key ?? null },
      });
      // Stripe's API answers pretty-printed JSON.
      const body = JSON.stringify(result, null, 2);
      if (key !== undefined) idempotency.save(key, { endpoint, parameters, status: 200, body, requestId });
      sendJson(response, 200, body, headers);
    } catch (error) {
      if (error instanceof StripeApiError) {
        sendJson(response, error.status, JSON.stringify(error.toBody(), null, 2), headers);
      } else if (error instanceof BodyTooLargeError) {
        sendJson(response, 413, JSON.stringify(new StripeApiError(413, "invalid_request_error", "Request body too large.").toBody()), headers);
      } else {
        console.error(`[stripe-standin] ${requestId} ${method} ${url.pathname} failed`, error);
        sendJson(response, 500, JSON.stringify(new StripeApiError(500, "api_error", `An unknown error occurred (${requestId}).`).toBody()), {
          ...headers,
          // A retry would fail the same way.
          "stripe-should-retry": "false",
        });
      }
    }
  };
}
