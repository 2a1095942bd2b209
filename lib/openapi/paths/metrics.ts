import { MAX_METRIC_ROWS, metricRowSchema, metricsRequestSchema } from "@/lib/metrics/metric-rows";
import type { ApiOperation } from "../api-operation";
import { toJsonSchema } from "../to-json-schema";
import { upsertMetricsResultSchema } from "../views/workspace-views";

// The request schema takes `rows` as unknown[] so that every row is checked on its own and reported
// with its index; the documented items are that per-row schema.
const withRowItems = (schema: Record<string, unknown>) => {
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  return { ...schema, properties: { ...properties, rows: { ...properties.rows, items: toJsonSchema(metricRowSchema) } } };
};

export const metricOperations: ApiOperation[] = [
  {
    method: "POST", path: "/api/v1/metrics", tag: "Metrics", operationId: "upsertMetrics",
    summary: "Import daily metrics",
    description:
      `Idempotent upsert of up to ${MAX_METRIC_ROWS.toLocaleString("en")} daily rows of one site on (date, channel), all or nothing: ` +
      "if any row is invalid nothing is written and `details` lists every problem with its `row` index. A measure left out of a row keeps " +
      "its stored value, so a Search Console import (clicks, impressions, position) and a GA4 import (sessions, conversions, revenue) " +
      "combine. `channel` defaults to `organic`; `revenue` is a decimal in the site's currency.",
    auth: { kind: "tenant", permission: "metrics.write" },
    body: {
      schema: metricsRequestSchema, schemaName: "UpsertMetricsRequest", maxBytes: 4 * 1024 * 1024, refine: withRowItems,
      example: {
        siteId: "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f",
        rows: [{ date: "2026-03-01", channel: "organic", sessions: 1200, conversions: 31, revenue: "2480.50" }, { date: "2026-03-01", clicks: 940, impressions: 21000, position: 8.4 }],
      },
    },
    response: { status: 200, description: "The site and the number of rows written.", schema: upsertMetricsResultSchema, schemaName: "UpsertMetricsResult" },
  },
];
