import { z } from "zod";

// The parts of Stripe's objects the billing pipeline reads, validated: webhook payloads arrive in the
// account's API version and reconciled or re-fetched objects through the SDK, so both go through these
// schemas rather than trusting a static type. An object that does not parse is a poison event: it is
// retried and then dead-lettered, never half-applied. Timestamps are Unix seconds.

const unixSeconds = z.number().int().nonnegative();
/** An id, or the expanded object carrying it. */
const idOf = z.union([z.string().min(1), z.object({ id: z.string().min(1) })]).transform((value) => (typeof value === "string" ? value : value.id));
const metadataSchema = z.record(z.string(), z.string()).nullish().transform((value) => value ?? {});

export const stripeEventSchema = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(100),
  created: unixSeconds,
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEventEnvelope = z.infer<typeof stripeEventSchema>;

export const checkoutSessionSchema = z.object({
  id: z.string().min(1),
  object: z.literal("checkout.session"),
  mode: z.string(),
  customer: idOf.nullable(),
  subscription: idOf.nullish().transform((value) => value ?? null),
  client_reference_id: z.string().nullish().transform((value) => value ?? null),
  metadata: metadataSchema,
});
export type StripeCheckoutSession = z.infer<typeof checkoutSessionSchema>;

export const STRIPE_SUBSCRIPTION_STATUSES = [
  "incomplete", "incomplete_expired", "trialing", "active", "past_due", "canceled", "unpaid", "paused",
] as const;

// Since API 2025-03-31 the billing period lives on the subscription items.
export const subscriptionSchema = z.object({
  id: z.string().min(1),
  object: z.literal("subscription"),
  customer: idOf,
  status: z.enum(STRIPE_SUBSCRIPTION_STATUSES),
  cancel_at_period_end: z.boolean(),
  cancel_at: unixSeconds.nullish(),
  canceled_at: unixSeconds.nullish(),
  ended_at: unixSeconds.nullish(),
  trial_end: unixSeconds.nullish(),
  metadata: metadataSchema,
  items: z.object({
    data: z.array(z.object({
      price: z.object({ id: z.string().min(1) }),
      current_period_start: unixSeconds,
      current_period_end: unixSeconds,
    })).min(1),
  }),
});
export type StripeSubscription = z.infer<typeof subscriptionSchema>;

export const INVOICE_STATUSES = ["draft", "open", "paid", "uncollectible", "void"] as const;

// Since API 2025-03-31 an invoice names its subscription under parent.subscription_details.
export const invoiceSchema = z.object({
  id: z.string().min(1),
  object: z.literal("invoice"),
  customer: idOf,
  status: z.enum(INVOICE_STATUSES).nullable().transform((value) => value ?? "draft"),
  number: z.string().nullish().transform((value) => value ?? null),
  billing_reason: z.string().nullish().transform((value) => value ?? null),
  currency: z.string().regex(/^[a-zA-Z]{3}$/),
  amount_due: z.number().int().nonnegative(),
  amount_paid: z.number().int().nonnegative(),
  attempt_count: z.number().int().nonnegative().default(0),
  created: unixSeconds,
  period_start: unixSeconds,
  period_end: unixSeconds,
  hosted_invoice_url: z.string().max(2048).nullish().transform((value) => value ?? null),
  parent: z.object({
    subscription_details: z.object({ subscription: idOf, metadata: metadataSchema }).nullish(),
  }).nullish(),
  lines: z.object({ data: z.array(z.object({ period: z.object({ start: unixSeconds, end: unixSeconds }) })) }).optional(),
  status_transitions: z.object({ paid_at: unixSeconds.nullish() }).optional(),
});
export type StripeInvoice = z.infer<typeof invoiceSchema>;
