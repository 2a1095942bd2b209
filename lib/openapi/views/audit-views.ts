import { z } from "zod";
import { AUDIT_ACTOR_TYPES } from "@/lib/audit/audit-event";
import type { AuditPage } from "@/lib/audit/list-audit-events";
import type { ChainVerification } from "@/lib/audit/verify-audit-chain";
import type { Assert, SameType } from "../same-type";
import { isoTimeSchema } from "./page-view";

const jsonObjectSchema = z.record(z.string(), z.json());

export const auditEventViewSchema = z.object({
  id: z.string(),
  occurredAt: isoTimeSchema,
  actor: z.object({ type: z.enum(AUDIT_ACTOR_TYPES), id: z.string(), label: z.string() }),
  action: z.string().describe("What happened, e.g. site.created, api_key.revoked, subscription.updated."),
  targets: z.array(z.object({ type: z.string(), id: z.string() })),
  context: z.object({ ip: z.string(), userAgent: z.string(), requestId: z.string() }),
  changes: jsonObjectSchema.nullable().describe("For updates: the fields sent and their new values."),
  metadata: jsonObjectSchema.nullable(),
  seq: z.number().int().describe("Position in the workspace's hash chain, from 1."),
  prevHash: z.string(),
  hash: z.string().describe("SHA-256 over the event and its predecessor's hash."),
  expireAt: isoTimeSchema.describe("When the plan's retention deletes it."),
});

export const auditPageSchema = z.object({
  data: z.array(auditEventViewSchema),
  nextCursor: z.string().nullable().describe("The cursor of the next page; null on the last one."),
});

export const chainVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int().describe("Events read before the answer was known (all of them when ok)."),
  firstBrokenSeq: z.number().int().optional().describe("The first position that does not verify."),
});

export type AuditPageMatches = Assert<SameType<z.output<typeof auditPageSchema>, AuditPage>>;
export type ChainVerificationMatches = Assert<SameType<z.output<typeof chainVerificationSchema>, ChainVerification>>;
