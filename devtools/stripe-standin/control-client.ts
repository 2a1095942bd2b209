// ControlApi over HTTP, for a stand-in running in another process (e.g. started by the CLI for e2e tests):
// `createControlClient("http://127.0.0.1:12111", "sk_test_devstandin").completeCheckout(id)`.
import type { ControlApi } from "./control.ts";

export class ControlRequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function createControlClient(baseUrl: string, secretKey: string): ControlApi {
  async function call<T>(method: "GET" | "POST", path: string, body?: object): Promise<T> {
    const response = await fetch(`${baseUrl.replace(/\/$/, "")}/_control${path}`, {
      method,
      headers: { authorization: `Bearer ${secretKey}`, "content-type": "application/json" },
      body: method === "POST" ? JSON.stringify(body ?? {}) : undefined,
    });
    const text = await response.text();
    if (!response.ok) {
      const message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
      throw new ControlRequestError(response.status, `stripe stand-in control ${path}: ${message}`);
    }
    return JSON.parse(text) as T;
  }
  const id = encodeURIComponent;

  return {
    completeCheckout: (sessionId, options = {}) => call("POST", `/checkout/${id(sessionId)}/complete`, options),
    declineCheckout: (sessionId) => call("POST", `/checkout/${id(sessionId)}/decline`),
    advanceClock: (subscriptionId, target = {}) => call("POST", `/subscriptions/${id(subscriptionId)}/advance-clock`, target),
    failPayment: (subscriptionId) => call("POST", `/subscriptions/${id(subscriptionId)}/fail-payment`),
    recoverPayment: (subscriptionId) => call("POST", `/subscriptions/${id(subscriptionId)}/recover-payment`),
    exhaustRetries: (subscriptionId, outcome) => call("POST", `/subscriptions/${id(subscriptionId)}/exhaust-retries`, { outcome }),
    endTrial: (subscriptionId) => call("POST", `/subscriptions/${id(subscriptionId)}/end-trial`),
    emitEvent: (type, object, previousAttributes) => call("POST", "/events", { type, object, previousAttributes }),
    resend: (eventId) => call("POST", `/events/${id(eventId)}/resend`),
    deliverInOrder: (eventIds) => call("POST", "/deliver-in-order", { eventIds }),
    setDelivery: (options) => call("POST", "/delivery", options),
    flush: (options = {}) => call("POST", "/delivery/flush", options),
    dropHeld: (eventIds) => call("POST", "/delivery/drop", { eventIds }),
    delivery: () => call("GET", "/delivery"),
    events: () => call("GET", "/events"),
    deliveries: () => call("GET", "/deliveries"),
    settle: async () => {
      await call("POST", "/settle");
    },
  };
}
