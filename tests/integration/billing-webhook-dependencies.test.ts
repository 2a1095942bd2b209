import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { eventPayload, nowSeconds, signPayload, startBillingTestEnv, webhookRequest } from "../helpers/billing";

// The webhook path needs Redis and nothing else. This file's app sees PostgreSQL as unreachable (a
// closed port), and reaches Redis through a pass-through proxy that the test can take down.
const env = await startBillingTestEnv();
const bridgeUrl = process.env.UPSTASH_REDIS_REST_URL!;
const proxy: Server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    void fetch(`${bridgeUrl}${request.url ?? "/"}`, {
      method: request.method,
      headers: Object.fromEntries(Object.entries(request.headers).filter(([name, value]) => typeof value === "string" && !["host", "content-length", "connection"].includes(name)) as [string, string][]),
      body: Buffer.concat(chunks),
    }).then(async (answer) => {
      response.writeHead(answer.status, { "content-type": "application/json" });
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
});
await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
process.env.UPSTASH_REDIS_REST_URL = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
process.env.DATABASE_URL = "postgresql://roi_app@127.0.0.1:9/unreachable";

const { POST: webhook } = await import("@/app/api/v1/webhooks/stripe/route");
const { defaultBillingQueue } = await import("@/lib/billing/billing-queue");
const { getRedis } = await import("@/lib/redis");

afterAll(() => env.close());

function signedEvent() {
  const id = `evt_test_${Math.random().toString(36).slice(2)}`;
  const payload = eventPayload({ id, type: "customer.subscription.updated", created: nowSeconds(), data: { object: { id: "sub_x", object: "subscription" } } });
  return { id, request: () => webhookRequest(payload, signPayload(payload, env.webhookSecret)) };
}

describe("the Stripe webhook's dependencies", () => {
  it("queues events while PostgreSQL is unreachable: it never touches it", async () => {
    const event = signedEvent();
    const response = await webhook(event.request());
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "queued", eventId: event.id });
    const entries = (await getRedis().xrange<Record<string, unknown>>(defaultBillingQueue().stream, "-", "+")) as Record<string, Record<string, unknown>>;
    expect(Object.values(entries).map((fields) => fields.id)).toContain(event.id);
  });

  it("answers 503 while Redis is unreachable, so that Stripe retries", async () => {
    await new Promise<void>((resolve) => {
      proxy.close(() => resolve());
      proxy.closeAllConnections();
    });
    const response = await webhook(signedEvent().request());
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("service_unavailable");
  });
});
