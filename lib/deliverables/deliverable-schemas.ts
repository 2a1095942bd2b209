import { z } from "zod";
import { calendarDateSchema, pageQuerySchema, uuidSchema } from "@/lib/validation/common";

const urlSchema = z
  .string()
  .trim()
  .max(2048, "At most 2048 characters.")
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), "Must be an http(s) URL.");
const hoursSchema = z.number().min(0, "Must not be negative.").max(10_000).multipleOf(0.01, "At most 2 decimal places.");

export const createDeliverableSchema = z
  .object({
    serviceId: uuidSchema,
    date: calendarDateSchema,
    title: z.string().trim().min(1, "Give it a title.").max(300, "At most 300 characters."),
    url: urlSchema.nullish(),
    hours: hoursSchema.nullish(),
  })
  .strict();

export const updateDeliverableSchema = z
  .object({
    date: calendarDateSchema.optional(),
    title: z.string().trim().min(1).max(300).optional(),
    url: urlSchema.nullish(),
    hours: hoursSchema.nullish(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, "Send at least one field to change.");

export const listDeliverablesQuerySchema = pageQuerySchema.extend({ siteId: uuidSchema.optional(), serviceId: uuidSchema.optional() });

export interface DeliverableView {
  id: string;
  siteId: string;
  serviceId: string;
  date: string;
  title: string;
  url: string | null;
  hours: number | null;
  createdAt: string;
}
