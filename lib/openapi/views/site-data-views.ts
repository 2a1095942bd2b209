import { z } from "zod";
import type { CostLineView } from "@/lib/cost-lines/cost-line-schemas";
import type { DeliverableView } from "@/lib/deliverables/deliverable-schemas";
import { SERVICE_KINDS, type ServiceView } from "@/lib/services/service-schemas";
import type { SiteView } from "@/lib/sites/site-types";
import type { Assert, SameType } from "../same-type";
import { dateSchema, idSchema, isoTimeSchema, minorUnitsSchema } from "./page-view";

export const siteViewSchema = z.object({
  id: idSchema,
  name: z.string(),
  domain: z.string().describe("The bare host name, e.g. example.com."),
  currency: z.string().describe("ISO 4217; fixed at creation."),
  timezone: z.string().describe("IANA time zone the site's metric dates are in."),
  createdAt: isoTimeSchema,
});

export const serviceViewSchema = z.object({
  id: idSchema,
  siteId: idSchema,
  kind: z.enum(SERVICE_KINDS),
  name: z.string(),
  startDate: dateSchema,
  endDate: dateSchema.nullable().describe("Inclusive; null while open-ended."),
  monthlyFee: minorUnitsSchema,
  currency: z.string(),
  createdAt: isoTimeSchema,
});

export const costLineViewSchema = z.object({
  id: idSchema,
  siteId: idSchema,
  serviceId: idSchema.nullable(),
  date: dateSchema,
  amount: minorUnitsSchema.describe("Integer minor units of `currency`; negative for credits."),
  currency: z.string(),
  note: z.string().nullable(),
  createdAt: isoTimeSchema,
});

export const deliverableViewSchema = z.object({
  id: idSchema,
  siteId: idSchema,
  serviceId: idSchema,
  date: dateSchema,
  title: z.string(),
  url: z.string().nullable(),
  hours: z.number().nullable(),
  createdAt: isoTimeSchema,
});

export type SiteViewMatches = Assert<SameType<z.output<typeof siteViewSchema>, SiteView>>;
export type ServiceViewMatches = Assert<SameType<z.output<typeof serviceViewSchema>, ServiceView>>;
export type CostLineViewMatches = Assert<SameType<z.output<typeof costLineViewSchema>, CostLineView>>;
export type DeliverableViewMatches = Assert<SameType<z.output<typeof deliverableViewSchema>, DeliverableView>>;
