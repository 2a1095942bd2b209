// /v1/events — list (type or types with `*` wildcards, created range, delivery_success) and retrieve.
// The app's reconciler lists `created[gte]=<watermark>` to find events it never processed.
import { invalidRequest } from "../errors.ts";
import { paginate, PAGINATION_PARAMS } from "../list.ts";
import { matchesRange } from "../params.ts";
import { newestFirst } from "../store.ts";
import { render, route, type ApiRoute } from "./api-route.ts";

/** `invoice.*` matches every invoice event; `*` alone matches everything. */
function matchesType(type: string, pattern: string): boolean {
  if (!pattern.includes("*")) return type === pattern;
  const source = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${source}$`).test(type);
}

export const eventRoutes: ApiRoute[] = [
  // GET /v1/events
  route("GET", "/v1/events", (context) => {
    const { params, store } = context;
    params.rejectUnknown(["created", "delivery_success", "type", "types", ...PAGINATION_PARAMS]);
    const type = params.string("type");
    const types = params.stringList("types");
    if (type !== undefined && types !== undefined) throw invalidRequest("You may only specify one of these parameters: type, types.", "types");
    if (types !== undefined && types.length > 20) throw invalidRequest("types may contain at most 20 entries.", "types");
    const patterns = types ?? (type === undefined ? undefined : [type]);
    const created = params.range("created");
    // delivery_success=false: events still waiting for (or that failed) delivery to the endpoint.
    const deliverySuccess = params.boolean("delivery_success");
    const matching = newestFirst(store.events).filter(
      (event) =>
        (patterns === undefined || patterns.some((pattern) => matchesType(event.type, pattern))) &&
        matchesRange(event.created, created) &&
        (deliverySuccess === undefined || (event.pending_webhooks === 0) === deliverySuccess),
    );
    return render(context, paginate(matching, params, "/v1/events"));
  }),

  // GET /v1/events/:id
  route("GET", "/v1/events/:id", (context) => render(context, context.store.event(context.path.id!))),
];
