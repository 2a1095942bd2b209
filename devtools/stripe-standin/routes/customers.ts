// /v1/customers — create, retrieve, update, list.
import { buildCustomer, unixNow } from "../objects.ts";
import { mergeMetadata, matchesRange } from "../params.ts";
import { newestFirst } from "../store.ts";
import { paginate, PAGINATION_PARAMS } from "../list.ts";
import { render, route, type ApiRoute } from "./api-route.ts";

// Every parameter PostCustomers defines; the stand-in stores the ones in `buildCustomer` and accepts the rest.
const CUSTOMER_PARAMS = [
  "address", "balance", "business_name", "cash_balance", "description", "email", "individual_name", "invoice_prefix",
  "invoice_settings", "metadata", "name", "next_invoice_sequence", "payment_method", "phone", "preferred_locales",
  "shipping", "source", "tax", "tax_exempt", "tax_id_data", "test_clock", "validate",
] as const;
const CUSTOMER_UPDATE_PARAMS = CUSTOMER_PARAMS.filter((name) => !["payment_method", "tax_id_data", "test_clock"].includes(name));

export const customerRoutes: ApiRoute[] = [
  // POST /v1/customers – no parameter is required
  route("POST", "/v1/customers", (context) => {
    const { params, store } = context;
    params.rejectUnknown(CUSTOMER_PARAMS);
    const customer = buildCustomer({
      email: params.string("email") ?? null, name: params.string("name") ?? null, description: params.string("description") ?? null,
      phone: params.string("phone") ?? null, metadata: mergeMetadata({}, params.metadata("metadata")),
      preferredLocales: params.stringList("preferred_locales"),
    }, unixNow());
    store.customers.set(customer.id, customer);
    return render(context, customer);
  }),

  // GET /v1/customers/:customer
  route("GET", "/v1/customers/:customer", (context) => render(context, context.store.customer(context.path.customer!))),

  // POST /v1/customers/:customer – "" unsets a field
  route("POST", "/v1/customers/:customer", (context) => {
    const { params, store } = context;
    params.rejectUnknown(CUSTOMER_UPDATE_PARAMS);
    const customer = store.customer(context.path.customer!);
    for (const field of ["email", "name", "description", "phone"] as const) {
      const value = params.string(field);
      if (value !== undefined) customer[field] = value === "" ? null : value;
    }
    customer.metadata = mergeMetadata(customer.metadata, params.metadata("metadata"));
    return render(context, customer);
  }),

  // GET /v1/customers – filter by exact email and created
  route("GET", "/v1/customers", (context) => {
    const { params, store } = context;
    params.rejectUnknown(["email", "created", "test_clock", ...PAGINATION_PARAMS]);
    const email = params.string("email");
    const created = params.range("created");
    const matching = newestFirst(store.customers.values()).filter(
      (customer) => (email === undefined || customer.email === email) && matchesRange(customer.created, created),
    );
    return render(context, paginate(matching, params, "/v1/customers"));
  }),
];
