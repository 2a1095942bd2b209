// Routes for the hosted pages: /checkout/:session[/pay|/decline] and /portal/:session[/subscriptions/:id/<action>].
// Forms post application/x-www-form-urlencoded; answers are HTML or a 303 redirect.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CheckoutFlow } from "../checkout-flow.ts";
import { StripeApiError } from "../errors.ts";
import { decodeForm } from "../form-decode.ts";
import { readBody, redirect, sendHtml } from "../http-util.ts";
import type { StandinStore } from "../store.ts";
import type { SubscriptionLifecycle } from "../subscription-lifecycle.ts";
import { declineCheckout, payCheckout, renderCheckoutPage, type PageResult } from "./checkout-page.ts";
import { escapeHtml, layout } from "./html.ts";
import { applyPortalAction, renderPortalPage, type PortalAction } from "./portal-page.ts";

export type PageDeps = { store: StandinStore; checkout: CheckoutFlow; lifecycle: SubscriptionLifecycle };

async function readForm(request: IncomingMessage): Promise<Record<string, string>> {
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(decodeForm(await readBody(request)))) if (typeof value === "string") form[key] = value;
  return form;
}

function notFound(): PageResult {
  return { kind: "html", status: 404, html: layout("Not found", "<h1>Not found</h1>") };
}

async function route(deps: PageDeps, request: IncomingMessage, url: URL): Promise<PageResult> {
  const segments = url.pathname.split("/").slice(1).map((segment) => decodeURIComponent(segment));
  const [area, id, ...rest] = segments;
  if (id === undefined || id === "") return notFound();
  const method = request.method ?? "GET";
  if (area === "checkout") {
    if (method === "GET" && rest.length === 0) return renderCheckoutPage(deps.store, id);
    if (method === "POST" && rest.length === 1 && rest[0] === "pay") {
      const form = await readForm(request);
      return payCheckout(deps.checkout, id, { email: form.email });
    }
    if (method === "POST" && rest.length === 1 && rest[0] === "decline") return declineCheckout(deps.checkout, id);
  }
  if (area === "portal") {
    if (method === "GET" && rest.length === 0) return renderPortalPage(deps.store, id, url.searchParams.get("done"));
    const [kind, subscriptionId, action] = rest;
    const isAction = action === "change-plan" || action === "cancel" || action === "renew";
    if (method === "POST" && kind === "subscriptions" && subscriptionId !== undefined && isAction && rest.length === 3) {
      return applyPortalAction(deps.store, deps.lifecycle, id, subscriptionId, action satisfies PortalAction, await readForm(request));
    }
  }
  return notFound();
}

export async function handlePage(deps: PageDeps, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  let result: PageResult;
  try {
    result = await route(deps, request, url);
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    result = { kind: "html", status: error.status, html: layout("Something went wrong", `<h1>Something went wrong</h1><p>${escapeHtml(error.message)}</p>`) };
  }
  if (result.kind === "redirect") redirect(response, result.location);
  else sendHtml(response, result.status, result.html);
}
