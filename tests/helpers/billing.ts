import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import pg from "pg";
import Stripe from "stripe";
import { DEFAULT_PRICES } from "../../devtools/stripe-standin/default-prices";
import { startStripeStandin, type PriceConfig, type StripeStandin } from "../../devtools/stripe-standin/server";
import type { CheckoutCompletion } from "../../devtools/stripe-standin/control";
import { ensureStripeCustomer } from "@/lib/billing/ensure-stripe-customer";
import { ROOT } from "./requests";

// Billing tests run against a Stripe stand-in of their own on an ephemeral port, and a billing queue
// (Redis stream, consumer group, watermark) of their own, so test files never consume each other's
// events. startBillingTestEnv must run before anything reads the configuration (top of the file).

export interface BillingTestEnv {
  standin: StripeStandin;
  /** The official SDK, pointed at the stand-in (for the test's own calls). */
  stripe: Stripe;
  webhookSecret: string;
  queueName: string;
  close(): Promise<void>;
}

export async function startBillingTestEnv(options: { webhookUrl?: string; prices?: PriceConfig[] } = {}): Promise<BillingTestEnv> {
  const suffix = randomBytes(5).toString("hex");
  const secretKey = `sk_test_${suffix}`;
  const webhookSecret = `whsec_${suffix}`;
  const queueName = `test-${suffix}`;
  const standin = await startStripeStandin({
    port: 0, secretKey, webhookSecret, webhookUrl: options.webhookUrl, prices: options.prices ?? DEFAULT_PRICES,
    retry: { attempts: 3, baseDelayMs: 50 },
  });
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_BASE: standin.url, BILLING_QUEUE_NAME: queueName,
  });
  const stripe = new Stripe(secretKey, { host: "127.0.0.1", port: standin.port, protocol: "http", maxNetworkRetries: 0 });
  return { standin, stripe, webhookSecret, queueName, close: () => standin.close() };
}

/** A delivery to POST /api/v1/webhooks/stripe as Stripe makes it: the raw body and its signature. */
export function webhookRequest(payload: string, signature: string | null): NextRequest {
  const headers = new Headers({ host: ROOT, "content-type": "application/json; charset=utf-8", "x-forwarded-proto": "http" });
  if (signature !== null) headers.set("stripe-signature", signature);
  return new NextRequest(`http://${ROOT}/api/v1/webhooks/stripe`, { method: "POST", headers, body: payload });
}

/** Stripe's signature header for a payload (timestamp in Unix seconds; default now). */
export function signPayload(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

/** An event as Stripe would send it (pretty-printed, as Stripe does). */
export function eventPayload(event: { id: string; type: string; created: number; data: { object: unknown } }): string {
  return JSON.stringify({ object: "event", api_version: "2026-07-29.dahlia", livemode: false, pending_webhooks: 1, ...event }, null, 2);
}

export function cronRequest(path: string, secret: string | null = process.env.CRON_SECRET ?? null, method = "GET"): NextRequest {
  const headers = new Headers({ host: ROOT, "x-forwarded-proto": "http" });
  if (secret !== null) headers.set("authorization", `Bearer ${secret}`);
  return new NextRequest(`http://${ROOT}${path}`, { method, headers });
}

type RouteHandler = (request: NextRequest) => Promise<Response>;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/**
 * A local HTTP endpoint that hands every request to a route handler, as Next.js would: the stand-in
 * delivers its webhooks here. Returns its URL.
 */
export async function startRouteRelay(handler: () => Promise<RouteHandler>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
      headers.set("host", ROOT);
      const answer = await (await handler())(new NextRequest(`http://${ROOT}${request.url ?? "/"}`, {
        method: request.method, headers, body: request.method === "GET" || request.method === "HEAD" ? undefined : new Uint8Array(body),
      }));
      response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      response.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((error: unknown) => {
      console.error("relay failed", error);
      response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/webhooks/stripe`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

export interface LedgerRow {
  event_id: string;
  type: string;
  status: string;
  attempts: number;
  error: string | null;
  applied_tenant_id: string | null;
}

/** billing_events rows for these ids, read as the schema owner inside a billing-worker transaction. */
export async function ledgerRows(eventIds: string[]): Promise<LedgerRow[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_OWNER_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.billing_worker', 'on', true)");
    const { rows } = await client.query<LedgerRow>(
      "SELECT event_id, type, status, attempts, error, applied_tenant_id FROM billing_events WHERE event_id = ANY($1) ORDER BY event_id",
      [eventIds],
    );
    await client.query("COMMIT");
    return rows;
  } finally {
    await client.end();
  }
}

/**
 * A paid (or trialing) subscription for the tenant, bought as the app's Checkout would: the tenant's
 * customer, the tenant id on the session and the subscription. Returns the stand-in's objects and the
 * events it emitted (not delivered: the stand-in of these tests has no webhook URL unless given one).
 */
export async function subscribeTenant(env: BillingTestEnv, tenantId: string, options: { price?: string; trialDays?: number } = {}): Promise<CheckoutCompletion> {
  const customer = await ensureStripeCustomer(tenantId);
  const session = await env.stripe.checkout.sessions.create({
    mode: "subscription", customer, client_reference_id: tenantId, metadata: { tenant_id: tenantId },
    line_items: [{ price: options.price ?? "price_starter_monthly", quantity: 1 }],
    subscription_data: { metadata: { tenant_id: tenantId }, ...(options.trialDays ? { trial_period_days: options.trialDays } : {}) },
    success_url: "http://example.test/billing?checkout=success", cancel_url: "http://example.test/billing",
  });
  return env.standin.control.completeCheckout(session.id);
}

/** Delivers events to the webhook route, signed, as Stripe would; returns the HTTP statuses. */
export async function deliverEvents(handler: RouteHandler, events: readonly object[], secret: string): Promise<number[]> {
  return Promise.all(events.map(async (event) => {
    const payload = JSON.stringify(event, null, 2);
    return (await handler(webhookRequest(payload, signPayload(payload, secret)))).status;
  }));
}

/** The stand-in's events about one customer (its subscriptions, invoices and Checkout), oldest first. */
export async function eventsOfCustomer(env: BillingTestEnv, customerId: string) {
  return (await env.standin.control.events()).filter((event) => (event.data.object as { customer?: unknown }).customer === customerId);
}

/** Unix seconds. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);
