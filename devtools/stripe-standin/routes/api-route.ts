// The shape every /v1 route shares: a method, a path pattern and a synchronous handler. Handlers are
// synchronous on purpose: between reading the Idempotency-Key and saving the response no other request
// can run, so two retries racing each other cannot both execute.
import type { CheckoutFlow } from "../checkout-flow.ts";
import type { EventLog, EventRequest } from "../event-log.ts";
import { expandObject } from "../expand.ts";
import type { JsonObject } from "../json.ts";
import type { Params } from "../params.ts";
import type { StandinStore } from "../store.ts";
import type { SubscriptionLifecycle } from "../subscription-lifecycle.ts";

export type ApiDeps = {
  store: StandinStore;
  events: EventLog;
  lifecycle: SubscriptionLifecycle;
  checkout: CheckoutFlow;
  publicUrl: string;
};

export type ApiContext = ApiDeps & {
  params: Params;
  /** For events caused by this call: {id: req_..., idempotency_key}. */
  request: EventRequest;
  /** Path parameters by name, URL-decoded. */
  path: Record<string, string>;
};

export type ApiRoute = {
  method: "GET" | "POST" | "DELETE";
  pattern: RegExp;
  names: string[];
  handle(context: ApiContext): JsonObject;
};

/** `route("GET", "/v1/customers/:customer", handler)`. */
export function route(method: ApiRoute["method"], template: string, handle: ApiRoute["handle"]): ApiRoute {
  const names: string[] = [];
  const source = template.replace(/:([a-z_]+)/g, (_match, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { method, pattern: new RegExp(`^${source}$`), names, handle };
}

/** The object with the request's `expand[]` paths applied. */
export function render<T extends JsonObject>(context: ApiContext, object: T): T {
  return expandObject(object, context.params.expand(), (id) => context.store.lookup(id));
}
