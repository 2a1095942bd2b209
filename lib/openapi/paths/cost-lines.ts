import { createCostLineSchema, listCostLinesQuerySchema, updateCostLineSchema } from "@/lib/cost-lines/cost-line-schemas";
import { costLineViewSchema } from "../views/site-data-views";
import { siteDataOperations } from "./site-data";

export const costLineOperations = siteDataOperations({
  collection: "cost-lines", tag: "Cost lines", noun: "cost line", name: "CostLine",
  listQuery: listCostLinesQuerySchema,
  createSchema: createCostLineSchema, updateSchema: updateCostLineSchema, view: costLineViewSchema,
  createDescription: "An extra or one-off cost of a site (optionally of one of its services) on a date; negative amounts are credits.",
  createExample: { siteId: "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f", date: "2026-02-14", amount: "250.00", note: "Link audit tool" },
  updateExample: { amount: "275.00" },
});
