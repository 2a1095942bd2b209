// /v1/billing_portal/sessions — create; the returned `url` is the stand-in's portal page.
import { missingParam, invalidRequest } from "../errors.ts";
import { buildPortalSession, unixNow } from "../objects.ts";
import { render, route, type ApiRoute } from "./api-route.ts";

const PORTAL_SESSION_PARAMS = ["configuration", "customer", "customer_account", "flow_data", "locale", "on_behalf_of", "return_url"] as const;

export const billingPortalRoutes: ApiRoute[] = [
  // POST /v1/billing_portal/sessions – customer is required in practice (or customer_account, unsupported here)
  route("POST", "/v1/billing_portal/sessions", (context) => {
    const { params, store } = context;
    params.rejectUnknown(PORTAL_SESSION_PARAMS);
    if (params.has("flow_data")) throw invalidRequest("The Stripe stand-in does not support portal flows (flow_data).", "flow_data");
    const customerId = params.string("customer");
    if (customerId === undefined) throw missingParam("customer");
    const customer = store.customer(customerId, "customer");
    const session = buildPortalSession(customer.id, params.string("return_url") ?? null, unixNow(), context.publicUrl);
    store.portalSessions.set(session.id, session);
    return render(context, session);
  }),
];
