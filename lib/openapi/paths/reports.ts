import { roiQuerySchema } from "@/lib/reports/roi-query";
import type { ApiOperation } from "../api-operation";
import { roiReportSchema } from "../views/report-views";

export const reportOperations: ApiOperation[] = [
  {
    method: "GET", path: "/api/v1/reports/roi", tag: "Reports", operationId: "getRoiReport",
    summary: "ROI report",
    description:
      "Revenue, cost, profit, ROI and traffic for a date range, in day, ISO-week or month buckets with no gaps. Money is integer minor " +
      "units of `currency`; cost is cost lines plus service fees prorated by day, rounded once per figure. Sites in more than one " +
      "currency are never summed: filter with `currency` or `siteId`. Results are cached under the workspace's data version; " +
      "`Cache-Control: no-cache` bypasses the cache.",
    auth: { kind: "tenant", permission: "reports.read" },
    query: roiQuerySchema,
    queryDescriptions: {
      from: "First day, inclusive.",
      to: "Last day, inclusive; at most five years after `from`.",
      granularity: "Bucket size (ISO weeks start on Monday).",
      siteId: "Only this site (unknown or another workspace's: 404).",
      channel: "Only this traffic channel (cost is not filtered by channel).",
      currency: "Only sites in this currency.",
      groupBy: "Adds `breakdown` by site or by channel.",
      compare: "Adds `comparison` with the previous period or the same dates a year earlier.",
    },
    headers: { "Cache-Control": { description: "`no-cache` recomputes instead of reading the cache.", schema: { type: "string" } } },
    response: { status: 200, description: "The report.", schema: roiReportSchema, schemaName: "RoiReport" },
    errors: [
      { code: "validation_failed", when: "`from` after `to`, or a range over five years" },
      { code: "mixed_currency", when: "the sites in scope use more than one currency" },
    ],
  },
];
