// /v1/invoices — list (by customer, subscription, status, created) and retrieve.
import { paginate, PAGINATION_PARAMS } from "../list.ts";
import { matchesRange } from "../params.ts";
import { newestFirst } from "../store.ts";
import { render, route, type ApiRoute } from "./api-route.ts";

const INVOICE_STATUSES = ["draft", "open", "paid", "uncollectible", "void"] as const;

export const invoiceRoutes: ApiRoute[] = [
  // GET /v1/invoices – the subscription link is parent.subscription_details.subscription
  route("GET", "/v1/invoices", (context) => {
    const { params, store } = context;
    params.rejectUnknown(["collection_method", "created", "customer", "customer_account", "due_date", "status", "subscription", ...PAGINATION_PARAMS]);
    const customer = params.string("customer");
    const subscription = params.string("subscription");
    const status = params.enumValue("status", INVOICE_STATUSES);
    const created = params.range("created");
    const matching = newestFirst(store.invoices.values()).filter(
      (invoice) =>
        (customer === undefined || invoice.customer === customer) &&
        (subscription === undefined || invoice.parent.subscription_details.subscription === subscription) &&
        (status === undefined || invoice.status === status) &&
        matchesRange(invoice.created, created),
    );
    return render(context, paginate(matching, params, "/v1/invoices"));
  }),

  // GET /v1/invoices/:invoice
  route("GET", "/v1/invoices/:invoice", (context) => render(context, context.store.invoice(context.path.invoice!))),
];
