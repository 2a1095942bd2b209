// /v1/prices and /v1/products — read-only, from the prices the stand-in was started with.
import { paginate, PAGINATION_PARAMS } from "../list.ts";
import { newestFirst } from "../store.ts";
import { render, route, type ApiRoute } from "./api-route.ts";

export const catalogRoutes: ApiRoute[] = [
  // GET /v1/prices – filters: active, currency, product, type, lookup_keys[], recurring[interval]
  route("GET", "/v1/prices", (context) => {
    const { params, store } = context;
    params.rejectUnknown(["active", "created", "currency", "lookup_keys", "product", "recurring", "type", ...PAGINATION_PARAMS]);
    const active = params.boolean("active");
    const currency = params.string("currency");
    const product = params.string("product");
    const type = params.enumValue("type", ["one_time", "recurring"] as const);
    const lookupKeys = params.stringList("lookup_keys");
    const interval = params.object("recurring")?.string("interval");
    const matching = newestFirst(store.prices.values()).filter(
      (price) =>
        (active === undefined || active) &&
        (currency === undefined || price.currency === currency.toLowerCase()) &&
        (product === undefined || price.product === product) &&
        (type === undefined || type === "recurring") &&
        (lookupKeys === undefined || (price.lookup_key !== null && lookupKeys.includes(price.lookup_key))) &&
        (interval === undefined || price.recurring.interval === interval),
    );
    return render(context, paginate(matching, params, "/v1/prices"));
  }),

  // GET /v1/prices/:price
  route("GET", "/v1/prices/:price", (context) => render(context, context.store.price(context.path.price!))),

  // GET /v1/products – filters: active, ids[]
  route("GET", "/v1/products", (context) => {
    const { params, store } = context;
    params.rejectUnknown(["active", "created", "ids", "shippable", "url", ...PAGINATION_PARAMS]);
    const active = params.boolean("active");
    const ids = params.stringList("ids");
    const matching = newestFirst(store.products.values()).filter(
      (product) => (active === undefined || active) && (ids === undefined || ids.includes(product.id)),
    );
    return render(context, paginate(matching, params, "/v1/products"));
  }),

  // GET /v1/products/:product
  route("GET", "/v1/products/:product", (context) => render(context, context.store.product(context.path.product!))),
];
