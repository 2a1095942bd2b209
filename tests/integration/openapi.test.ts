import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { GET as getMe } from "@/app/api/v1/me/route";
import { GET as getRoiReport } from "@/app/api/v1/reports/roi/route";
import { GET as listSites, POST as createSite } from "@/app/api/v1/sites/route";
import { routeRequest } from "@/lib/middleware/route-request";
import { API_OPERATIONS, type OpenApiDocument, type OpenApiOperation } from "@/lib/openapi";
import { createSiteSchema } from "@/lib/sites/site-schemas";
import { createTestTenant, createTestUser } from "../helpers/factories";
import { call, mintSessionToken, ROOT, rootRequest, tenantRequest } from "../helpers/requests";
import { listRouteOperations, type RouteOperation } from "../helpers/route-registry";

// The API reference is generated from a registry (lib/openapi/paths), and this file holds that
// registry to the route files: every route described, nothing described that does not exist, each
// operation's auth equal to its handler's real guard, and request schemas that are the handlers' own.

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

function documentedOperations(doc: OpenApiDocument): { key: string; op: OpenApiOperation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ key: `${method.toUpperCase()} ${path}`, op: item[method]! })),
  );
}

const keyOf = (route: RouteOperation) => `${route.method} ${route.path}`;

/** What the document says about who may call an operation, in the shape of a route guard. */
function documentedGuard(op: OpenApiOperation): { kind: string; permission?: string } {
  return op["x-guard"] === "tenant" ? { kind: "tenant", permission: op["x-permission"] } : { kind: op["x-guard"] };
}

function actualGuard(route: RouteOperation): { kind: string; permission?: string } {
  const guard = route.guard!;
  return guard.kind === "tenant" ? { kind: "tenant", permission: guard.permission } : { kind: guard.kind };
}

/** Every `$ref` anywhere in a JSON value. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") found.push(child);
      else refsIn(child, found);
    }
  }
  return found;
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), doc);
}

/** A validator for the document's own schemas (an independent JSON Schema 2020-12 implementation). */
function schemaValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat("date-time", { validate: (value: string) => !Number.isNaN(Date.parse(value)) });
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat("uri", { validate: (value: string) => URL.canParse(value) });
  ajv.addFormat("email", /^[^@\s]+@[^@\s]+$/);
  // The document itself is not a schema; its components are reached by JSON pointer.
  ajv.addKeyword("components");
  ajv.addSchema({ $id: "doc", components: doc.components }, "doc");
  const cache = new Map<string, ValidateFunction>();
  return (name: string): ValidateFunction => {
    let validate = cache.get(name);
    if (!validate) {
      validate = ajv.compile({ $ref: `doc#/components/schemas/${name}` });
      cache.set(name, validate);
    }
    return validate;
  };
}

let doc: OpenApiDocument;
let routes: RouteOperation[];

beforeAll(async () => {
  routes = await listRouteOperations();
  const { status, body, headers } = await call<OpenApiDocument>(getOpenApi, rootRequest("/api/v1/openapi.json"));
  expect(status).toBe(200);
  expect(headers.get("content-type")).toMatch(/^application\/json/);
  doc = body;
});

describe("GET /api/v1/openapi.json", () => {
  it("describes every route file's operation, and nothing that does not exist", () => {
    const documented = new Set(documentedOperations(doc).map(({ key }) => key));
    const existing = new Set(routes.map(keyOf));
    const missing = [...existing].filter((key) => !documented.has(key));
    const extra = [...documented].filter((key) => !existing.has(key));
    expect(missing, `routes the document does not describe (add them to lib/openapi/paths):\n${missing.join("\n")}`).toEqual([]);
    expect(extra, `documented operations with no route file:\n${extra.join("\n")}`).toEqual([]);
  });

  it("states each operation's auth and permission exactly as its handler's guard", () => {
    const byKey = new Map(documentedOperations(doc).map(({ key, op }) => [key, op]));
    const mismatches = routes
      .filter((route) => byKey.has(keyOf(route)))
      .map((route) => ({ route: keyOf(route), documented: documentedGuard(byKey.get(keyOf(route))!), actual: actualGuard(route) }))
      .filter(({ documented, actual }) => JSON.stringify(documented) !== JSON.stringify(actual));
    expect(mismatches).toEqual([]);
  });

  it("gives each guard kind its security scheme and error answers", () => {
    for (const { key, op } of documentedOperations(doc)) {
      const statuses = Object.keys(op.responses);
      const schemes = op.security.flatMap((alternative) => Object.keys(alternative)).sort();
      switch (op["x-guard"]) {
        case "tenant":
          expect(schemes, key).toEqual(["apiKey", "session"]);
          expect(statuses, key).toEqual(expect.arrayContaining(["401", "403", "404", "429"]));
          expect(op.description, key).toContain(`\`${op["x-permission"]}\``);
          break;
        case "cron":
          expect(schemes, key).toEqual(["cronSecret"]);
          expect(statuses, key).toContain("401");
          break;
        case "webhook":
          expect(schemes, key).toEqual(["stripeSignature"]);
          expect(statuses, key).toEqual(expect.arrayContaining(["400", "503"]));
          break;
        default:
          expect(op["x-guard"], key).toBe("public");
          expect(schemes, key).toEqual([]);
      }
      for (const status of statuses.filter((code) => Number(code) >= 400)) {
        expect(op.responses[status]!.content?.["application/json"]?.schema, `${key} ${status}`).toEqual({ $ref: "#/components/schemas/Error" });
      }
    }
    expect(doc.paths["/api/v1/tenants"]!.post!.responses).toHaveProperty("429");
  });

  it("is a structurally valid OpenAPI 3.1 document", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(doc.servers[0]!.url).toContain(ROOT);
    const operations = documentedOperations(doc);
    expect(operations.length).toBeGreaterThan(30);

    const unresolved = [...new Set(refsIn(doc))].filter((ref) => resolvePointer(doc, ref) === undefined);
    expect(unresolved).toEqual([]);

    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);

    const tags = new Set(doc.tags.map((tag) => tag.name));
    const schemes = new Set(Object.keys(doc.components.securitySchemes));
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path).toMatch(/^\//);
      for (const method of METHODS.filter((name) => item[name])) {
        const op = item[method]!;
        const where = `${method} ${path}`;
        expect(op.summary, where).toBeTruthy();
        expect(Object.keys(op.responses).length, where).toBeGreaterThan(0);
        for (const response of Object.values(op.responses)) expect(response.description, where).toBeTruthy();
        for (const tag of op.tags) expect(tags.has(tag), `${where} tag ${tag}`).toBe(true);
        for (const scheme of op.security.flatMap((alternative) => Object.keys(alternative))) expect(schemes.has(scheme), where).toBe(true);
        // Each {param} of the path is declared as a required path parameter, and no other.
        const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
        const declared = (op.parameters ?? []).filter((param) => param.in === "path");
        expect(declared.map((param) => param.name).sort(), where).toEqual(templated);
        expect(declared.every((param) => param.required), where).toBe(true);
        const queryNames = (op.parameters ?? []).filter((param) => param.in === "query").map((param) => param.name);
        expect(new Set(queryNames).size, where).toBe(queryNames.length);
      }
    }
  });

  it("holds only valid JSON Schema 2020-12 in its components", () => {
    const validatorOf = schemaValidator(doc);
    for (const name of Object.keys(doc.components.schemas)) expect(() => validatorOf(name), name).not.toThrow();
  });

  it("documents request bodies with the very zod schemas the handlers parse", () => {
    const validatorOf = schemaValidator(doc);
    // The site-create body: the registry holds the handler's schema object itself, not a copy.
    const siteCreate = API_OPERATIONS.find((op) => op.method === "POST" && op.path === "/api/v1/sites")!;
    expect(siteCreate.body!.schema).toBe(createSiteSchema);

    const valid = { name: "Acme shop", domain: "shop.example.com", currency: "EUR", timezone: "Europe/Paris" };
    expect(validatorOf("CreateSiteRequest")(valid)).toBe(true);
    expect(createSiteSchema.safeParse(valid).success).toBe(true);
    // An unknown field and a missing one are refused by both.
    for (const invalid of [{ ...valid, plan: "pro" }, { name: "Acme shop", currency: "EUR", timezone: "Europe/Paris" }]) {
      expect(validatorOf("CreateSiteRequest")(invalid)).toBe(false);
      expect(createSiteSchema.safeParse(invalid).success).toBe(false);
    }

    // Every documented example is accepted by the document's schema and by the handler's zod schema.
    for (const op of API_OPERATIONS.filter((entry) => entry.body?.example !== undefined)) {
      const { schema, schemaName, example } = op.body!;
      const validate = validatorOf(schemaName);
      expect(validate(example), `${op.method} ${op.path}: ${JSON.stringify(validate.errors)}`).toBe(true);
      if ("safeParse" in schema) expect((schema as typeof createSiteSchema).safeParse(example).success, `${op.method} ${op.path}`).toBe(true);
    }
  });

  it("describes what the handlers really answer", async () => {
    const validatorOf = schemaValidator(doc);
    const tenant = await createTestTenant("OpenAPI Agency");
    const owner = await createTestUser(tenant.id);
    const sessionToken = await mintSessionToken(owner);
    const expectValid = (name: string, body: unknown) => {
      const validate = validatorOf(name);
      expect(validate(body), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };

    const created = await call(createSite, tenantRequest(tenant.subdomain, "/api/v1/sites", {
      sessionToken, json: { name: "Docs shop", domain: "https://docs-shop.example.com/", currency: "usd", timezone: "UTC" },
    }));
    expect(created.status).toBe(201);
    expectValid("Site", created.body);

    const page = await call(listSites, tenantRequest(tenant.subdomain, "/api/v1/sites?limit=1", { sessionToken }));
    expectValid("SitePage", page.body);

    const me = await call(getMe, tenantRequest(tenant.subdomain, "/api/v1/me", { sessionToken }));
    expectValid("Me", me.body);

    const report = await call(getRoiReport, tenantRequest(tenant.subdomain, "/api/v1/reports/roi?from=2026-01-01&to=2026-01-10&groupBy=site&compare=previous_period", { sessionToken }));
    expect(report.status).toBe(200);
    expectValid("RoiReport", report.body);

    const refused = await call(createSite, tenantRequest(tenant.subdomain, "/api/v1/sites", { sessionToken, json: { name: "" } }));
    expect(refused.status).toBe(422);
    expectValid("Error", refused.body);
  });

  it("is served on the marketing host and on workspace hosts", async () => {
    const tenant = await createTestTenant("OpenAPI Host Agency");
    for (const host of [ROOT, `${tenant.subdomain}.${ROOT}`]) {
      // The middleware passes /api/* through on both kinds of host (no rewrite into the tenant app).
      const routed = routeRequest(new NextRequest(`http://localhost:3000/api/v1/openapi.json`, { headers: { host } }), ROOT);
      expect(routed.headers.get("x-middleware-rewrite"), host).toBeNull();
    }
    const onTenantHost = await call<OpenApiDocument>(getOpenApi, tenantRequest(tenant.subdomain, "/api/v1/openapi.json"));
    expect(onTenantHost.status).toBe(200);
    expect(onTenantHost.body).toEqual(doc);
  });
});
