import { createDeliverableSchema, listDeliverablesQuerySchema, updateDeliverableSchema } from "@/lib/deliverables/deliverable-schemas";
import { deliverableViewSchema } from "../views/site-data-views";
import { siteDataOperations } from "./site-data";

export const deliverableOperations = siteDataOperations({
  collection: "deliverables", tag: "Deliverables", noun: "deliverable", name: "Deliverable",
  listQuery: listDeliverablesQuerySchema,
  createSchema: createDeliverableSchema, updateSchema: updateDeliverableSchema, view: deliverableViewSchema,
  createDescription: "A piece of work delivered under a service (an article, a fix); shown as an annotation on the ROI chart.",
  createExample: { serviceId: "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f", date: "2026-03-02", title: "Published pillar article", url: "https://shop.example.com/guide", hours: 6.5 },
  updateExample: { title: "Published and promoted pillar article" },
});
