import { createServiceSchema, listServicesQuerySchema, updateServiceSchema } from "@/lib/services/service-schemas";
import { serviceViewSchema } from "../views/site-data-views";
import { siteDataOperations } from "./site-data";

export const serviceOperations = siteDataOperations({
  collection: "services", tag: "Services", noun: "service", name: "Service",
  listQuery: listServicesQuerySchema,
  createSchema: createServiceSchema, updateSchema: updateServiceSchema, view: serviceViewSchema,
  createDescription: "An SEO engagement on a site with its monthly fee, active from `startDate` through `endDate` inclusive (open-ended when null); the fee is prorated by day in the ROI report.",
  createExample: { siteId: "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f", kind: "content", name: "Blog content", startDate: "2026-01-01", endDate: null, monthlyFee: "1500.00" },
  updateExample: { endDate: "2026-06-30" },
  updateErrors: [{ code: "validation_failed", when: "`endDate` would fall before `startDate`" }],
});
