import { z } from "zod";
import { currencySchema, timeZoneSchema } from "@/lib/validation/common";

// A bare host name: "example.com", "shop.example.co.uk". Protocols and paths are stripped first so
// a pasted URL works.
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/^https?:\/\//, "").replace(/[/?#].*$/, "").replace(/\.$/, ""))
  .refine((value) => HOSTNAME.test(value), "Must be a domain such as example.com.");

export const createSiteSchema = z
  .object({
    name: z.string().trim().min(1, "Name the site.").max(200, "At most 200 characters."),
    domain: domainSchema,
    currency: currencySchema,
    timezone: timeZoneSchema,
  })
  .strict();

// The currency is fixed at creation: stored amounts are minor units of it, so changing it would
// silently re-denominate every fee, cost and revenue figure of the site.
export const updateSiteSchema = z
  .object({
    name: createSiteSchema.shape.name.optional(),
    domain: domainSchema.optional(),
    timezone: timeZoneSchema.optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, "Send at least one field to change.");

export type CreateSite = z.infer<typeof createSiteSchema>;
export type UpdateSite = z.infer<typeof updateSiteSchema>;
