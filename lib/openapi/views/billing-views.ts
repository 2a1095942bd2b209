import { z } from "zod";
import type { FlushResult } from "@/lib/audit/flush-parked-audit-events";
import type { DrainReport } from "@/lib/billing/drain-billing-queue";
import type { BillingOverview } from "@/lib/billing/get-billing-overview";
import type { DeadLetter } from "@/lib/billing/list-dead-letters";
import type { ReconcileReport } from "@/lib/billing/reconcile-stripe-events";
import type { WebhookReceipt } from "@/lib/billing/receive-stripe-webhook";
import type { Assert, Flatten, SameType } from "../same-type";
import { isoTimeSchema } from "./page-view";

const planLimitsSchema = z.object({
  sites: z.number().int(),
  users: z.number().int(),
  auditRetentionDays: z.number().int(),
  apiRequestsPerMinute: z.number().int(),
});

export const billingOverviewSchema = z.object({
  plan: z.object({ tier: z.string(), name: z.string(), monthlyPriceCents: z.number().int(), limits: planLimitsSchema }),
  entitlements: z.object({
    basis: z.enum(["subscription", "grace", "free"]).describe("grace: past due, still entitled until graceEndsAt."),
    graceEndsAt: isoTimeSchema.nullable(),
    usage: z.object({ sites: z.number().int() }),
  }),
  subscription: z
    .object({
      status: z.string().describe("Stripe's subscription status: trialing, active, past_due, canceled, …"),
      planTier: z.string(),
      cancelAtPeriodEnd: z.boolean(),
      currentPeriodStart: isoTimeSchema.nullable(),
      renewsAt: isoTimeSchema.nullable(),
      endsAt: isoTimeSchema.nullable(),
      trialEndsAt: isoTimeSchema.nullable(),
      pastDueSince: isoTimeSchema.nullable(),
    })
    .nullable(),
  hasBillingAccount: z.boolean(),
  currentMrr: z.number().int().describe("Recurring revenue of the current plan per month, in US cents."),
  invoices: z.array(
    z.object({
      id: z.string(),
      number: z.string().nullable(),
      status: z.string(),
      currency: z.string(),
      amountDue: z.number().int(),
      amountPaid: z.number().int(),
      periodStart: isoTimeSchema,
      periodEnd: isoTimeSchema,
      createdAt: isoTimeSchema,
      paidAt: isoTimeSchema.nullable(),
      hostedInvoiceUrl: z.string().nullable(),
    }),
  ),
  monthly: z.array(
    z.object({ month: z.string().describe("YYYY-MM"), currency: z.string(), paid: z.number(), failed: z.number(), mrr: z.number() }),
  ),
});

export const redirectUrlSchema = z.object({ url: z.url().describe("Send the browser here.") });

export const webhookReceiptSchema = z.object({
  received: z.literal(true),
  eventId: z.string(),
  status: z.enum(["queued", "duplicate", "ignored"]),
});

export const drainReportSchema = z.object({
  locked: z.boolean().describe("Another run held the lock; this one did nothing."),
  applied: z.number().int(),
  ignored: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
  deferred: z.number().int(),
  reclaimed: z.number().int(),
  deadLettered: z.number().int(),
});

export const maintenanceReportSchema = z.object({
  expiry: z.object({ expired: z.number().int() }),
  reconcile: z.object({ listed: z.number().int(), enqueued: z.number().int(), watermark: z.string() }),
});

export const deadLettersSchema = z.object({
  data: z.array(
    z.object({ entryId: z.string(), eventId: z.string(), type: z.string(), error: z.string(), attempts: z.number().int(), failedAt: z.string() }),
  ),
});

export const replayReportSchema = z.object({ replayed: z.number().int() });

export const flushReportSchema = z.object({
  written: z.number().int(),
  alreadyStored: z.number().int(),
  rejected: z.number().int(),
  remaining: z.number().int(),
  interrupted: z.boolean(),
});

export type BillingOverviewMatches = Assert<SameType<z.output<typeof billingOverviewSchema>, BillingOverview>>;
export type WebhookReceiptMatches = Assert<SameType<z.output<typeof webhookReceiptSchema>, Flatten<{ received: true } & WebhookReceipt>>>;
export type DrainReportMatches = Assert<SameType<z.output<typeof drainReportSchema>, DrainReport>>;
export type MaintenanceMatches = Assert<SameType<z.output<typeof maintenanceReportSchema>, { expiry: { expired: number }; reconcile: ReconcileReport }>>;
export type DeadLettersMatch = Assert<SameType<z.output<typeof deadLettersSchema>, { data: DeadLetter[] }>>;
export type FlushReportMatches = Assert<SameType<z.output<typeof flushReportSchema>, FlushResult>>;
