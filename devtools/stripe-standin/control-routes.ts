// HTTP form of the control API, for tests that run the stand-in in another process (the CLI).
// JSON in, JSON out, same bearer secret key as the API. Errors use Stripe's error body.
//
//   POST /_control/checkout/:session/complete        {email?}
//   POST /_control/checkout/:session/decline
//   POST /_control/subscriptions/:sub/advance-clock  {to?, periods?}
//   POST /_control/subscriptions/:sub/fail-payment | recover-payment | end-trial
//   POST /_control/subscriptions/:sub/exhaust-retries {outcome: "canceled" | "unpaid"}
//   GET  /_control/events            POST /_control/events {type, object, previousAttributes?}
//   POST /_control/events/:id/resend POST /_control/deliver-in-order {eventIds}
//   GET  /_control/delivery          POST /_control/delivery {paused}
//   POST /_control/delivery/flush {order?}   POST /_control/delivery/drop {eventIds?}
//   GET  /_control/deliveries        POST /_control/settle
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ControlApi, FlushOrder } from "./control.ts";
import { invalidRequest, StripeApiError, unrecognizedUrl } from "./errors.ts";
import { apiKeyFrom, isSameSecret, readBody, sendJson } from "./http-util.ts";
import { isJsonObject, type Json, type JsonObject } from "./json.ts";

function parseBody(text: string): JsonObject {
  if (text.trim() === "") return {};
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    throw invalidRequest("The control API takes a JSON body.");
  }
  if (!isJsonObject(value)) throw invalidRequest("The control API takes a JSON object.");
  return value;
}

function optionalNumber(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") throw invalidRequest(`${key} must be a number`, key);
  return value;
}

function optionalString(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidRequest(`${key} must be a string`, key);
  return value;
}

function stringList(body: JsonObject, key: string): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string")) {
    throw invalidRequest(`${key} must be an array of strings`, key);
  }
  return value;
}

function flushOrder(body: JsonObject): FlushOrder | undefined {
  const order = body.order;
  if (order === "created" || order === "reverse" || order === undefined || order === null) return order ?? undefined;
  const ids = stringList(body, "order");
  if (ids === undefined) throw invalidRequest(`order must be "created", "reverse" or a list of event ids`, "order");
  return ids;
}

async function dispatch(control: ControlApi, method: string, path: string, body: JsonObject): Promise<unknown> {
  const [area, id, action] = path.split("/").slice(2).map((segment) => decodeURIComponent(segment));
  const post = method === "POST";
  if (area === "checkout" && post && id !== undefined) {
    if (action === "complete") return control.completeCheckout(id, { email: optionalString(body, "email") });
    if (action === "decline") return control.declineCheckout(id);
  }
  if (area === "subscriptions" && post && id !== undefined) {
    if (action === "advance-clock") return control.advanceClock(id, { to: optionalNumber(body, "to"), periods: optionalNumber(body, "periods") });
    if (action === "fail-payment") return control.failPayment(id);
    if (action === "recover-payment") return control.recoverPayment(id);
    if (action === "end-trial") return control.endTrial(id);
    if (action === "exhaust-retries") {
      const outcome = body.outcome;
      if (outcome !== "canceled" && outcome !== "unpaid") throw invalidRequest(`outcome must be "canceled" or "unpaid"`, "outcome");
      return control.exhaustRetries(id, outcome);
    }
  }
  if (area === "events" && id === undefined) {
    if (method === "GET") return control.events();
    if (post) {
      const object = body.object;
      const previous = body.previousAttributes;
      if (!isJsonObject(object)) throw invalidRequest("object must be a JSON object", "object");
      if (previous !== undefined && !isJsonObject(previous)) throw invalidRequest("previousAttributes must be a JSON object", "previousAttributes");
      return control.emitEvent(optionalString(body, "type") ?? "", object, previous);
    }
  }
  if (area === "events" && post && id !== undefined && action === "resend") return control.resend(id);
  if (area === "deliver-in-order" && post) return control.deliverInOrder(stringList(body, "eventIds") ?? []);
  if (area === "delivery" && id === undefined) {
    if (method === "GET") return control.delivery();
    if (post) {
      if (typeof body.paused !== "boolean") throw invalidRequest("paused must be a boolean", "paused");
      return control.setDelivery({ paused: body.paused });
    }
  }
  if (area === "delivery" && post && id === "flush") return control.flush({ order: flushOrder(body) });
  if (area === "delivery" && post && id === "drop") return control.dropHeld(stringList(body, "eventIds"));
  if (area === "deliveries" && method === "GET") return control.deliveries();
  if (area === "settle" && post) {
    await control.settle();
    return { settled: true };
  }
  throw unrecognizedUrl(method, path);
}

export function createControlHandler(control: ControlApi, secretKey: string) {
  return async function handleControl(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    try {
      const key = apiKeyFrom(request);
      if (key === undefined || !isSameSecret(key, secretKey)) throw new StripeApiError(401, "invalid_request_error", "Invalid API Key provided");
      const method = request.method ?? "GET";
      const body = method === "POST" ? parseBody(await readBody(request)) : {};
      const result = await dispatch(control, method, url.pathname, body);
      sendJson(response, 200, JSON.stringify(result ?? null));
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      sendJson(response, error.status, JSON.stringify(error.toBody()));
    }
  };
}
