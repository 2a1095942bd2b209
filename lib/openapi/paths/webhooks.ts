import type { ApiOperation } from "../api-operation";
import { webhookReceiptSchema } from "../views/billing-views";

export const webhookOperations: ApiOperation[] = [
  {
    method: "POST", path: "/api/v1/webhooks/stripe", tag: "Webhooks", operationId: "receiveStripeWebhook",
    summary: "Stripe events", description: "Verifies the signature on the raw body, drops event types the product does not act on, de-duplicates by event id and adds the event to a Redis stream; PostgreSQL is never touched on this path. The scheduler applies it.",
    auth: { kind: "webhook" },
    body: { schema: { type: "object", description: "A Stripe Event object.", required: ["id", "type"], properties: { id: { type: "string" }, type: { type: "string" } } }, schemaName: "StripeEvent", raw: true },
    response: { status: 200, description: "Received.", schema: webhookReceiptSchema, schemaName: "WebhookReceipt" },
  },
];
