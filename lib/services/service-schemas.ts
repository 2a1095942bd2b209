import { z } from "zod";
import { parseCalendarDate } from "@/lib/dates/calendar-date";
import { calendarDateSchema, moneyInputSchema, pageQuerySchema, uuidSchema } from "@/lib/validation/common";

export const SERVICE_KINDS = ["technical", "content", "links", "local", "ppc-support", "other"] as const;

const endAfterStart = (value: { startDate?: string; endDate?: string | null }) =>
  !value.startDate || !value.endDate || parseCalendarDate(value.endDate)! >= parseCalendarDate(value.startDate)!;

export const createServiceSchema = z
  .object({
    siteId: uuidSchema,
    kind: z.enum(SERVICE_KINDS),
    name: z.string().trim().min(1, "Name the service.").max(200, "At most 200 characters."),
    startDate: calendarDateSchema,
    endDate: calendarDateSchema.nullish(),
    monthlyFee: moneyInputSchema,
  })
  .strict()
  .refine(endAfterStart, { message: "Must not be before the start date.", path: ["endDate"] });

// A service stays on its site: its cost lines and deliverables reference (site, service).
export const updateServiceSchema = z
  .object({
    kind: z.enum(SERVICE_KINDS).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    startDate: calendarDateSchema.optional(),
    endDate: calendarDateSchema.nullish(),
    monthlyFee: moneyInputSchema.optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, "Send at least one field to change.");

export const listServicesQuerySchema = pageQuerySchema.extend({ siteId: uuidSchema.optional() });

export interface ServiceView {
  id: string;
  siteId: string;
  kind: (typeof SERVICE_KINDS)[number];
  name: string;
  startDate: string;
  endDate: string | null;
  monthlyFee: number;
  currency: string;
  createdAt: string;
}
