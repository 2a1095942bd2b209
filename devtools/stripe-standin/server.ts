// Local stand-in for the Stripe API (dev and tests only). The official `stripe` SDK talks to it unchanged:
//   new Stripe(secretKey, { host: "127.0.0.1", port, protocol: "http" })
// It serves /v1 (the endpoints the app uses), hosted Checkout and portal pages, signed webhooks to the
// app, and a control API for tests. Nothing in app/ or lib/ imports it; scripts and tests start it.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createApiHandler } from "./api-handler.ts";
import { CheckoutFlow } from "./checkout-flow.ts";
import { createControl, type ControlApi } from "./control.ts";
import { createControlHandler } from "./control-routes.ts";
import { EventLog } from "./event-log.ts";
import { sendJson } from "./http-util.ts";
import type { PriceConfig } from "./objects.ts";
import { handlePage } from "./pages/page-routes.ts";
import { StandinStore } from "./store.ts";
import { SubscriptionLifecycle } from "./subscription-lifecycle.ts";
import { WebhookDelivery, type DeliveryAttempt } from "./webhook-delivery.ts";

export type { ControlApi, DeliveryAttempt } from "./control.ts";
export type { PriceConfig } from "./objects.ts";
export { createControlClient } from "./control-client.ts";
export { signPayload } from "./webhook-delivery.ts";

/** The API version the account is pinned to; events are rendered in it (`event.api_version`). */
export const STANDIN_API_VERSION = "2026-07-29.dahlia";

export type StripeStandinOptions = {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** The only API key accepted (`Authorization: Bearer sk_test_...`). */
  secretKey: string;
  /** The webhook endpoint's signing secret (`whsec_...`). */
  webhookSecret: string;
  /** Where signed events are POSTed; without it events are only stored (GET /v1/events). */
  webhookUrl?: string;
  /** Host header for deliveries (default: the URL's host; `*.localhost` URLs are dialled at 127.0.0.1). */
  webhookHostHeader?: string;
  prices: PriceConfig[];
  /** Base URL of the hosted pages as the browser reaches them (default: the server's own URL). */
  publicUrl?: string;
  /** Delivery retries: `attempts` in total, waiting baseDelayMs × 2^(n-1) before retry n. */
  retry?: { attempts: number; baseDelayMs: number; timeoutMs?: number };
  apiVersion?: string;
  /** Called after every webhook delivery attempt, e.g. to log it. */
  onDeliveryAttempt?: (attempt: DeliveryAttempt) => void;
};

export type StripeStandin = {
  url: string;
  port: number;
  close(): Promise<void>;
  control: ControlApi;
};

const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 500, timeoutMs: 10_000 };

function validate(options: StripeStandinOptions): void {
  if (options.secretKey === "") throw new Error("stripe stand-in: secretKey is required");
  if (!options.webhookSecret.startsWith("whsec_")) throw new Error("stripe stand-in: webhookSecret must start with whsec_");
  if (options.prices.length === 0) throw new Error("stripe stand-in: configure at least one price");
  const ids = new Set(options.prices.map((price) => price.id));
  if (ids.size !== options.prices.length) throw new Error("stripe stand-in: price ids must be unique");
  if (options.webhookUrl !== undefined) new URL(options.webhookUrl);
  if (options.retry !== undefined && (options.retry.attempts < 1 || options.retry.baseDelayMs < 0)) {
    throw new Error("stripe stand-in: retry.attempts must be ≥ 1 and retry.baseDelayMs ≥ 0");
  }
}

async function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function startStripeStandin(options: StripeStandinOptions): Promise<StripeStandin> {
  validate(options);
  const host = options.host ?? "127.0.0.1";
  const apiVersion = options.apiVersion ?? STANDIN_API_VERSION;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  // Listen first: the hosted pages' URLs embed the port, which `port: 0` only reveals once bound.
  let handle: (request: IncomingMessage, response: ServerResponse) => Promise<void> = async (_request, response) => {
    sendJson(response, 503, JSON.stringify({ error: { type: "api_error", message: "Starting." } }));
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error("[stripe-standin] request failed", error);
      if (!response.headersSent) sendJson(response, 500, JSON.stringify({ error: { type: "api_error", message: "An unknown error occurred." } }));
      else response.destroy();
    });
  });
  const port = await listen(server, options.port ?? 0, host);
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const publicUrl = (options.publicUrl ?? url).replace(/\/$/, "");

  const store = new StandinStore(options.prices);
  const delivery = new WebhookDelivery(
    { url: options.webhookUrl, hostHeader: options.webhookHostHeader, secret: options.webhookSecret, ...retry, onAttempt: options.onDeliveryAttempt },
    (event) => {
      event.pending_webhooks = 0;
    },
  );
  const events = new EventLog(store, apiVersion, () => delivery.hasEndpoint, (event) => delivery.dispatch(event));
  const lifecycle = new SubscriptionLifecycle(store, events, publicUrl);
  const checkout = new CheckoutFlow(store, events, lifecycle);
  const control = createControl({ store, events, lifecycle, checkout, delivery });
  const handleApi = createApiHandler({ store, events, lifecycle, checkout, publicUrl, secretKey: options.secretKey, apiVersion });
  const handleControl = createControlHandler(control, options.secretKey);

  handle = async (request, response) => {
    const requestUrl = new URL(request.url ?? "/", "http://stand-in");
    const path = requestUrl.pathname;
    if (path.startsWith("/v1/")) return handleApi(request, response, requestUrl);
    if (path.startsWith("/_control/")) return handleControl(request, response, requestUrl);
    if (path.startsWith("/checkout/") || path.startsWith("/portal/")) return handlePage({ store, checkout, lifecycle }, request, response, requestUrl);
    if (path === "/" && request.method === "GET") {
      return sendJson(response, 200, JSON.stringify({ service: "stripe-standin", api_version: apiVersion }));
    }
    sendJson(response, 404, JSON.stringify({ error: { type: "invalid_request_error", message: `Unrecognized request URL (${request.method}: ${path}).` } }));
  };

  return {
    url,
    port,
    control,
    async close() {
      await delivery.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
