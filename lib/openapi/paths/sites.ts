import { createSiteSchema, updateSiteSchema } from "@/lib/sites/site-schemas";
import { pageQuerySchema } from "@/lib/validation/common";
import { siteViewSchema } from "../views/site-data-views";
import { siteDataOperations } from "./site-data";

const domainTaken = { code: "conflict", when: "the workspace already tracks that domain" } as const;
const DOMAIN_WORDS = "A host name such as example.com; a pasted URL is reduced to its host (protocol, path and trailing dot dropped, lower-cased).";

export const siteOperations = siteDataOperations({
  collection: "sites", tag: "Sites", noun: "site", name: "Site",
  listQuery: pageQuerySchema,
  createSchema: createSiteSchema, updateSchema: updateSiteSchema, view: siteViewSchema,
  createDescription: "A website the workspace works on. A pasted URL is reduced to its host name. The currency is fixed at creation: every amount of the site is stored in its minor units.",
  createExample: { name: "Acme shop", domain: "shop.example.com", currency: "USD", timezone: "America/New_York" },
  updateExample: { name: "Acme online shop" },
  fieldWords: { domain: DOMAIN_WORDS },
  createErrors: [domainTaken, { code: "plan_limit", when: "the plan's site limit is reached" }],
  updateErrors: [domainTaken],
});
