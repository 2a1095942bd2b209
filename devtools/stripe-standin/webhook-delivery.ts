// Delivers events to the webhook endpoint the way Stripe does: a JSON POST signed with the endpoint's
// whsec_ secret, any non-2xx answer or network error retried with exponential backoff. First attempts
// go out one at a time in creation order (deterministic for tests); retries run on their own timers, so a
// failing event does not block the ones after it. Tests can hold delivery and release it in any order.
import { createHmac } from "node:crypto";
import { request as httpRequest, type ClientRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { StripeEvent } from "./objects.ts";

export type DeliveryTrigger = "automatic" | "retry" | "resend" | "flush";

export type DeliveryAttempt = {
  eventId: string;
  type: string;
  attempt: number;
  /** HTTP status, or null when the request failed (connection refused, timeout). */
  status: number | null;
  error: string | null;
  trigger: DeliveryTrigger;
  /** Epoch milliseconds when the attempt started. */
  at: number;
  durationMs: number;
};

export type DeliveryOptions = {
  url: string | undefined;
  /** Host header to send; by default the URL's host. */
  hostHeader: string | undefined;
  secret: string;
  attempts: number;
  baseDelayMs: number;
  timeoutMs: number;
  /** Called after every attempt (the CLI prints them). */
  onAttempt?: (attempt: DeliveryAttempt) => void;
};

/**
 * `Stripe-Signature: t=<unix seconds>,v1=<hex>`, where the hex is HMAC-SHA256 keyed with the whole
 * `whsec_...` string (not decoded) over `"<t>.<raw body>"` — what stripe.webhooks.constructEvent checks.
 */
export function signPayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

/**
 * Node resolves `*.localhost` through the system resolver, which usually does not know it (browsers
 * map it to loopback themselves). Such hosts are dialled at 127.0.0.1 with the original Host header.
 */
function dialHost(hostname: string): string {
  const bare = hostname.replace(/^\[|\]$/g, "");
  return bare === "localhost" || bare.endsWith(".localhost") ? "127.0.0.1" : bare;
}

export class WebhookDelivery {
  private readonly attempts: DeliveryAttempt[] = [];
  private held: StripeEvent[] = [];
  private isPaused = false;
  private isClosed = false;
  private chain: Promise<unknown> = Promise.resolve();
  private inFlight = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly requests = new Set<ClientRequest>();

  constructor(
    private readonly options: DeliveryOptions,
    private readonly onDelivered: (event: StripeEvent) => void,
  ) {}

  get hasEndpoint(): boolean {
    return this.options.url !== undefined;
  }

  /** A newly created event: sent in creation order, or held while delivery is paused. */
  dispatch(event: StripeEvent): void {
    if (!this.hasEndpoint || this.isClosed) return;
    if (this.isPaused) {
      this.held.push(event);
      return;
    }
    void this.enqueue(event, "automatic");
  }

  /** Pausing holds new events; resuming sends the held ones in creation order. */
  async setPaused(paused: boolean): Promise<DeliveryAttempt[]> {
    this.isPaused = paused;
    return paused ? [] : this.flush("created");
  }

  get paused(): boolean {
    return this.isPaused;
  }

  heldEventIds(): string[] {
    return this.held.map((event) => event.id);
  }

  /** Sends every held event, in creation order or reversed; resolves with each first attempt. */
  async flush(order: "created" | "reverse"): Promise<DeliveryAttempt[]> {
    const batch = order === "reverse" ? [...this.held].reverse() : [...this.held];
    this.held = [];
    return this.sendInOrder(batch, "flush");
  }

  /** Sends exactly these events in this order; held ones among them are released, the rest stay held. */
  async sendInOrder(events: readonly StripeEvent[], trigger: DeliveryTrigger): Promise<DeliveryAttempt[]> {
    const ids = new Set(events.map((event) => event.id));
    this.held = this.held.filter((event) => !ids.has(event.id));
    return Promise.all(events.map((event) => this.enqueue(event, trigger)));
  }

  /** Forgets held events without sending them (a lost delivery); all of them when no ids are given. */
  drop(eventIds?: readonly string[]): string[] {
    const dropped = this.held.filter((event) => eventIds === undefined || eventIds.includes(event.id));
    this.held = this.held.filter((event) => !dropped.includes(event));
    return dropped.map((event) => event.id);
  }

  log(): DeliveryAttempt[] {
    return this.attempts.map((attempt) => ({ ...attempt }));
  }

  /** Resolves when no attempt is running or waiting for its retry timer. */
  async settle(): Promise<void> {
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.isClosed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const request of this.requests) request.destroy(new Error("stand-in closed"));
    this.inFlight = 0;
    this.wakeIdleWaiters();
  }

  private enqueue(event: StripeEvent, trigger: DeliveryTrigger): Promise<DeliveryAttempt> {
    this.inFlight += 1;
    const run = this.chain.then(() => this.attempt(event, 1, trigger));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async attempt(event: StripeEvent, attempt: number, trigger: DeliveryTrigger): Promise<DeliveryAttempt> {
    const startedAt = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await this.post(event);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    const record: DeliveryAttempt = {
      eventId: event.id, type: event.type, attempt, status, error, trigger, at: startedAt, durationMs: Date.now() - startedAt,
    };
    if (this.isClosed) return record;
    this.attempts.push(record);
    this.options.onAttempt?.(record);
    const isDelivered = status !== null && status >= 200 && status < 300;
    if (isDelivered) this.onDelivered(event);
    else if (attempt < this.options.attempts) this.scheduleRetry(event, attempt + 1);
    this.finishOne();
    return record;
  }

  private scheduleRetry(event: StripeEvent, attempt: number): void {
    // Stripe backs off exponentially (over up to three days in live mode); here the base is configurable.
    const delay = this.options.baseDelayMs * 2 ** (attempt - 2);
    this.inFlight += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(event, attempt, "retry");
    }, delay);
    this.timers.add(timer);
  }

  private finishOne(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.inFlight === 0) this.wakeIdleWaiters();
  }

  private wakeIdleWaiters(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private post(event: StripeEvent): Promise<number> {
    const target = new URL(this.options.url!);
    // Stripe sends the event pretty-printed; a receiver must verify these exact bytes, not a re-serialisation.
    const body = JSON.stringify(event, null, 2);
    const isHttps = target.protocol === "https:";
    const send = isHttps ? httpsRequest : httpRequest;
    return new Promise<number>((resolve, reject) => {
      const request = send(
        {
          hostname: dialHost(target.hostname),
          port: target.port === "" ? (isHttps ? 443 : 80) : Number(target.port),
          path: `${target.pathname}${target.search}`,
          method: "POST",
          servername: isHttps ? target.hostname : undefined,
          timeout: this.options.timeoutMs,
          headers: {
            host: this.options.hostHeader ?? target.host,
            "content-type": "application/json; charset=utf-8",
            "content-length": Buffer.byteLength(body),
            "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            "cache-control": "no-cache",
            accept: "*/*; q=0.5, application/xml",
            "stripe-signature": signPayload(body, this.options.secret, Math.floor(Date.now() / 1000)),
          },
        },
        (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
          response.on("error", reject);
        },
      );
      this.requests.add(request);
      request.on("close", () => this.requests.delete(request));
      request.on("timeout", () => request.destroy(new Error(`timed out after ${this.options.timeoutMs} ms`)));
      request.on("error", reject);
      request.end(body);
    });
  }
}
