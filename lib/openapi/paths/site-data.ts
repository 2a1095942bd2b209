import type { z } from "zod";
import type { ApiOperation, JsonSchema, OperationError } from "../api-operation";
import { pageOf } from "../views/page-view";

const PAGE_QUERY_WORDS = {
  limit: "Items per page, 1–200 (default 50).",
  cursor: "`nextCursor` of the previous page.",
  siteId: "Only this site's items (an unknown site is 404).",
  serviceId: "Only this service's items (an unknown service is 404).",
};

interface SiteDataEntity {
  /** URL segment: sites, services, cost-lines, deliverables. */
  collection: string;
  tag: string;
  /** Singular words for summaries: "site", "cost line". */
  noun: string;
  /** PascalCase for operation ids and schema names: Site, CostLine. */
  name: string;
  listQuery: z.ZodObject;
  createSchema: z.ZodType;
  updateSchema: z.ZodType;
  view: z.ZodType;
  createExample: unknown;
  updateExample: unknown;
  createErrors?: OperationError[];
  updateErrors?: OperationError[];
  createDescription?: string;
  /** Words for body fields whose checks are refinements JSON Schema cannot show. */
  fieldWords?: Record<string, string>;
}

/** Adds descriptions to body properties that have none. */
function describeFields(words: Record<string, string> | undefined) {
  if (!words) return undefined;
  return (schema: JsonSchema): JsonSchema => {
    const properties = { ...(schema.properties as Record<string, JsonSchema>) };
    for (const [name, text] of Object.entries(words)) if (properties[name]) properties[name] = { description: text, ...properties[name] };
    return { ...schema, properties };
  };
}

/**
 * The five operations of one kind of site data: list and create (app/api/v1/<collection>/route.ts),
 * get, change and delete (the shared item routes, lib/api/site-data-item-routes.ts): reads need
 * `sites.read`, writes `sites.write`, as in the route files.
 */
export function siteDataOperations(entity: SiteDataEntity): ApiOperation[] {
  const { collection, tag, noun, name } = entity;
  const base = `/api/v1/${collection}`;
  const idParam = { id: { description: `The ${noun}'s id.`, schema: { type: "string", format: "uuid" } } };
  const viewName = `${name}`;
  return [
    {
      method: "GET", path: base, tag, operationId: `list${name}s`,
      summary: `List ${noun}s`, description: `The workspace's ${noun}s, newest first, a page at a time.`,
      auth: { kind: "tenant", permission: "sites.read" },
      query: entity.listQuery, queryDescriptions: PAGE_QUERY_WORDS,
      response: { status: 200, description: `A page of ${noun}s.`, schema: pageOf(entity.view), schemaName: `${name}Page` },
    },
    {
      method: "POST", path: base, tag, operationId: `create${name}`,
      summary: `Create a ${noun}`, description: entity.createDescription,
      auth: { kind: "tenant", permission: "sites.write" },
      body: { schema: entity.createSchema, schemaName: `Create${name}Request`, example: entity.createExample, refine: describeFields(entity.fieldWords) },
      response: { status: 201, description: `The created ${noun}.`, schema: entity.view, schemaName: viewName },
      errors: entity.createErrors,
    },
    {
      method: "GET", path: `${base}/{id}`, tag, operationId: `get${name}`,
      summary: `Get a ${noun}`, auth: { kind: "tenant", permission: "sites.read" }, pathParams: idParam,
      response: { status: 200, description: `The ${noun}.`, schema: entity.view, schemaName: viewName },
    },
    {
      method: "PATCH", path: `${base}/{id}`, tag, operationId: `update${name}`,
      summary: `Change a ${noun}`, description: "Changes only the fields sent; at least one.",
      auth: { kind: "tenant", permission: "sites.write" }, pathParams: idParam,
      body: { schema: entity.updateSchema, schemaName: `Update${name}Request`, example: entity.updateExample, refine: describeFields(entity.fieldWords) },
      response: { status: 200, description: `The ${noun} as changed.`, schema: entity.view, schemaName: viewName },
      errors: entity.updateErrors,
    },
    {
      method: "DELETE", path: `${base}/{id}`, tag, operationId: `delete${name}`,
      summary: `Delete a ${noun}`, auth: { kind: "tenant", permission: "sites.write" }, pathParams: idParam,
      response: { status: 204, description: "Deleted." },
    },
  ];
}
