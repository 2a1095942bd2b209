import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import type { UpsertMetricsResult } from "@/lib/metrics/upsert-metrics";
import type { CreatedTenant } from "@/lib/tenants/create-tenant";
import type { Assert, SameType } from "../same-type";
import { idSchema } from "./page-view";

// GET /api/v1/me builds its answer inline in the route; this is its documented shape.
export const meViewSchema = z.object({
  tenant: z.object({ id: idSchema, name: z.string(), subdomain: z.string(), planTier: z.string() }),
  principal: z.object({
    type: z.enum(["user", "api_key"]),
    id: idSchema,
    label: z.string().describe("The user's email, or the key's name and prefix."),
    roles: z.array(z.enum(ROLES)),
  }),
});

export const createdTenantSchema = z.object({
  tenant: z.object({ id: idSchema, name: z.string(), subdomain: z.string(), url: z.string().describe("The workspace's own address; sign in there.") }),
  user: z.object({ id: idSchema, email: z.string() }),
});

export const upsertMetricsResultSchema = z.object({
  siteId: idSchema,
  rows: z.number().int().describe("Rows written (inserted or updated)."),
});

export const healthSchema = z.object({ ok: z.literal(true) });

export type CreatedTenantMatches = Assert<SameType<z.output<typeof createdTenantSchema>, CreatedTenant>>;
export type UpsertMetricsResultMatches = Assert<SameType<z.output<typeof upsertMetricsResultSchema>, UpsertMetricsResult>>;
