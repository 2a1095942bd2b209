import type { ApiOperation, JsonSchema, SchemaSource } from "./api-operation";
import { codesOf, errorStatusesOf } from "./error-responses";
import type { OpenApiDocument, OpenApiOperation, OpenApiParameter, OpenApiResponse } from "./openapi-document";
import { API_OPERATIONS, API_TAGS } from "./paths";
import { describeAuth, rolesWith, SECURITY_SCHEMES, securityOf } from "./security-schemes";
import { toJsonSchema } from "./to-json-schema";
import { errorBodySchema } from "./views/error-view";

const ERROR_REF = { $ref: "#/components/schemas/Error" };

/** Named schemas, each converted once; one name used for two different schemas is a bug. */
class SchemaRegistry {
  readonly schemas: Record<string, JsonSchema> = {};

  ref(name: string, source: SchemaSource, io: "input" | "output", refine?: (schema: JsonSchema) => JsonSchema): JsonSchema {
    const converted = this.hoistDefs(name, refine ? refine(toJsonSchema(source, io)) : toJsonSchema(source, io));
    const existing = this.schemas[name];
    if (existing && JSON.stringify(existing) !== JSON.stringify(converted)) {
      throw new Error(`OpenAPI: two different schemas are named ${name}`);
    }
    this.schemas[name] = converted;
    return { $ref: `#/components/schemas/${name}` };
  }

  /**
   * Recursive parts (e.g. JSON values in the audit log) come out of zod as local `$defs`; inside an
   * OpenAPI document `#/$defs/…` would point at the document's root, so they move to components.
   */
  private hoistDefs(name: string, schema: JsonSchema): JsonSchema {
    const { $defs, ...rest } = schema as JsonSchema & { $defs?: Record<string, JsonSchema> };
    if (!$defs) return schema;
    const target = (def: string) => `${name}_${def.replace(/^_+/, "")}`;
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (!value || typeof value !== "object") return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, child]) => {
          const local = key === "$ref" && typeof child === "string" ? /^#\/\$defs\/(.+)$/.exec(child) : null;
          return [key, local ? `#/components/schemas/${target(local[1]!)}` : rewrite(child)];
        }),
      );
    };
    for (const [def, defSchema] of Object.entries($defs)) this.schemas[target(def)] = rewrite(defSchema) as JsonSchema;
    return rewrite(rest) as JsonSchema;
  }
}

function parametersOf(op: ApiOperation): OpenApiParameter[] {
  const parameters: OpenApiParameter[] = [];
  for (const [name, param] of Object.entries(op.pathParams ?? {})) {
    parameters.push({ name, in: "path", required: true, description: param.description, schema: param.schema ?? { type: "string" } });
  }
  if (op.query) {
    const schema = toJsonSchema(op.query);
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
      const { description, ...propertySchema } = property;
      const words = op.queryDescriptions?.[name] ?? (description as string | undefined);
      parameters.push({ name, in: "query", required: required.has(name), ...(words ? { description: words } : {}), schema: propertySchema });
    }
  }
  for (const [name, header] of Object.entries(op.headers ?? {})) {
    parameters.push({ name, in: "header", required: false, description: header.description, schema: header.schema });
  }
  return parameters;
}

function responsesOf(op: ApiOperation, registry: SchemaRegistry): Record<string, OpenApiResponse> {
  const { response } = op;
  const success: OpenApiResponse = { description: response.description };
  if (response.headers) success.headers = response.headers;
  if (response.schema) {
    const schema = response.schemaName ? registry.ref(response.schemaName, response.schema, "output") : toJsonSchema(response.schema, "output");
    success.content = { [response.contentType ?? "application/json"]: { schema } };
  }
  const responses: Record<string, OpenApiResponse> = { [String(response.status)]: success };
  for (const status of errorStatusesOf(op)) {
    responses[String(status.status)] = {
      description: status.errors.map((error) => `\`${error.code}\`: ${error.when}.`).join(" "),
      content: { "application/json": { schema: ERROR_REF } },
      "x-error-codes": codesOf(status),
    };
  }
  return responses;
}

function descriptionOf(op: ApiOperation): string {
  const parts = [`**Auth:** ${describeAuth(op.auth)}`];
  if (op.description) parts.unshift(op.description);
  if (op.query?.def.catchall !== undefined) parts.push("Unknown query parameters are refused.");
  return parts.join("\n\n");
}

function operationOf(op: ApiOperation, registry: SchemaRegistry, servers: OpenApiDocument["servers"]): OpenApiOperation {
  const operation: OpenApiOperation = {
    operationId: op.operationId,
    summary: op.summary,
    description: descriptionOf(op),
    tags: [op.tag],
    security: securityOf(op.auth),
    "x-guard": op.auth.kind,
    responses: responsesOf(op, registry),
  };
  if (op.auth.kind === "tenant") {
    operation["x-permission"] = op.auth.permission;
    operation["x-roles"] = rolesWith(op.auth.permission);
  }
  const host = op.host ?? (op.auth.kind === "tenant" ? "workspace" : "any");
  if (host !== "any") operation.servers = [servers[host === "root" ? 1 : 0]!];
  const parameters = parametersOf(op);
  if (parameters.length) operation.parameters = parameters;
  if (op.body) {
    const schema = registry.ref(op.body.schemaName, op.body.schema, "input", op.body.refine);
    const media = { schema, ...(op.body.example !== undefined ? { example: op.body.example } : {}) };
    operation.requestBody = { required: true, content: { [op.body.contentType ?? "application/json"]: media } };
  }
  return operation;
}

export interface OpenApiOptions {
  /** APP_ROOT_DOMAIN, e.g. roispectrum.com. */
  rootDomain: string;
  protocol: "http" | "https";
  version?: string;
  operations?: readonly ApiOperation[];
}

const INTRODUCTION = [
  "Each agency works in its own workspace at `https://<subdomain>.<root domain>`; workspace routes answer on that host only, and an object of another workspace is always 404, never 403.",
  "Integrations authenticate with an API key (`Authorization: Bearer rs_…`) created in the workspace; the web app uses its session cookie. Every workspace route needs one permission, granted by the caller's roles (owner, admin, billing, analyst, viewer); the default is deny.",
  "Errors are always `{\"error\":{\"code\",\"message\",\"details\"?}}` with a stable `code`; the HTTP status follows from the code. Money is integer minor units of the site's currency in answers, and a decimal string in requests.",
].join("\n\n");

/** The OpenAPI 3.1 document of every operation in the registry. */
export function buildOpenApiDocument(options: OpenApiOptions): OpenApiDocument {
  const registry = new SchemaRegistry();
  registry.ref("Error", errorBodySchema, "output");
  const servers: OpenApiDocument["servers"] = [
    {
      url: `${options.protocol}://{subdomain}.${options.rootDomain}`,
      description: "A workspace",
      variables: { subdomain: { default: "demo", description: "The workspace's subdomain." } },
    },
    { url: `${options.protocol}://${options.rootDomain}`, description: "The marketing site" },
  ];
  const paths: OpenApiDocument["paths"] = {};
  for (const op of options.operations ?? API_OPERATIONS) {
    const item = (paths[op.path] ??= {});
    const method = op.method.toLowerCase() as Lowercase<ApiOperation["method"]>;
    if (item[method]) throw new Error(`OpenAPI: ${op.method} ${op.path} is described twice`);
    item[method] = operationOf(op, registry, servers);
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: { title: "ROI Spectrum API", version: options.version ?? "1", description: INTRODUCTION },
    servers,
    tags: API_TAGS.map((tag) => ({ ...tag })),
    paths,
    components: { schemas: registry.schemas, securitySchemes: { ...SECURITY_SCHEMES } },
  };
}
