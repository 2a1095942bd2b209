import { z } from "zod";
import { COMPARE_MODES, GRANULARITIES, type RoiReport } from "@/lib/reports/roi-report-types";
import type { Assert, SameType } from "../same-type";
import { dateSchema } from "./page-view";

const ratio = (what: string) => z.number().nullable().describe(`${what} as a fraction (0.25 = 25 %); null when its base is 0.`);

const metricsShape = {
  revenue: z.number().int(),
  cost: z.number().int(),
  profit: z.number().int(),
  roi: ratio("profit / cost"),
  sessions: z.number().int(),
  conversions: z.number().int(),
  conversionRate: ratio("conversions / sessions"),
  clicks: z.number().int(),
  impressions: z.number().int(),
};
const roiMetricsSchema = z.object(metricsShape);
const nullableDelta = z.number().nullable();

export const roiReportSchema = z.object({
  currency: z.string().nullable().describe("Money fields are integer minor units of it; null when the workspace has no sites yet."),
  from: dateSchema,
  to: dateSchema,
  granularity: z.enum(GRANULARITIES),
  totals: roiMetricsSchema,
  series: z.array(roiMetricsSchema.extend({ start: dateSchema, end: dateSchema })).describe("Buckets covering the range with no gaps, clipped to it."),
  breakdown: z
    .array(
      roiMetricsSchema.extend({
        key: z.string().describe("Site id or channel name."),
        label: z.string(),
        cost: z.number().int().nullable().describe("null for channels: costs are not attributed to channels."),
        profit: z.number().int().nullable(),
        roi: z.number().nullable(),
      }),
    )
    .optional()
    .describe("With groupBy."),
  comparison: z
    .object({
      mode: z.enum(COMPARE_MODES),
      from: dateSchema,
      to: dateSchema,
      totals: roiMetricsSchema,
      deltas: z.object(Object.fromEntries(Object.keys(metricsShape).map((name) => [name, nullableDelta])) as Record<keyof typeof metricsShape, typeof nullableDelta>)
        .describe("(current − compared) / |compared| per metric; null where the compared value is 0 or null."),
    })
    .optional()
    .describe("With compare."),
  annotations: z
    .array(z.object({ date: dateSchema, siteId: z.string(), serviceId: z.string(), title: z.string(), url: z.string().nullable() }))
    .describe("Deliverables dated in the range (newest 500)."),
});

export type RoiReportMatches = Assert<SameType<z.output<typeof roiReportSchema>, RoiReport>>;
