import { z } from "zod";
import { calendarDateSchema, moneyInputSchema, pageQuerySchema, uuidSchema } from "@/lib/validation/common";

export const createCostLineSchema = z
  .object({
    siteId: uuidSchema,
    serviceId: uuidSchema.nullish(),
    date: calendarDateSchema,
    amount: moneyInputSchema,
    note: z.string().trim().max(500, "At most 500 characters.").nullish(),
  })
  .strict();

export const updateCostLineSchema = z
  .object({
    date: calendarDateSchema.optional(),
    amount: moneyInputSchema.optional(),
    note: z.string().trim().max(500, "At most 500 characters.").nullish(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, "Send at least one field to change.");

export const listCostLinesQuerySchema = pageQuerySchema.extend({ siteId: uuidSchema.optional() });

export interface CostLineView {
  id: string;
  siteId: string;
  serviceId: string | null;
  date: string;
  amount: number;
  currency: string;
  note: string | null;
  createdAt: string;
}
