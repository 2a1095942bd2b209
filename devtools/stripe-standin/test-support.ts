// Test helpers: a webhook endpoint on an ephemeral port that verifies every delivery exactly as the app
// will (stripe.webhooks.constructEvent on the raw body), and a Stripe SDK client pointed at a stand-in.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

export type ReceivedWebhook = {
  event: Stripe.Event;
  rawBody: string;
  signature: string;
  host: string | undefined;
  /** 1 for the first time this event id arrived, 2 for the second, ... */
  attempt: number;
  /** The status the receiver answered with. */
  status: number;
};

async function readRaw(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

export function objectId(event: Stripe.Event): string {
  return (event.data.object as { id: string }).id;
}

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Deliveries whose signature did not verify (must stay empty). */
  readonly rejected: string[] = [];
  /** Decides the HTTP status per delivery; 200 unless a test says otherwise. */
  respond: (event: Stripe.Event, attempt: number) => number = () => 200;
  url = "";
  private readonly attempts = new Map<string, number>();
  private readonly server = createServer((request, response) => {
    void readRaw(request).then((rawBody) => {
      const signature = String(request.headers["stripe-signature"] ?? "");
      let event: Stripe.Event;
      try {
        event = Stripe.webhooks.constructEvent(rawBody, signature, this.webhookSecret);
      } catch (error) {
        this.rejected.push(error instanceof Error ? error.message : String(error));
        response.writeHead(400).end();
        return;
      }
      const attempt = (this.attempts.get(event.id) ?? 0) + 1;
      this.attempts.set(event.id, attempt);
      const status = this.respond(event, attempt);
      this.received.push({ event, rawBody, signature, host: request.headers.host, attempt, status });
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ received: status < 300 }));
    });
  });

  constructor(private readonly webhookSecret: string) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/stripe`;
    return this;
  }

  /** Verified deliveries of `type` whose data.object has this id. */
  deliveriesOf(type: string, id: string): ReceivedWebhook[] {
    return this.received.filter((entry) => entry.event.type === type && objectId(entry.event) === id);
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export function stripeClient(secretKey: string, port: number): Stripe {
  return new Stripe(secretKey, { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0 });
}
