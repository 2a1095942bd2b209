import { signUpSchema } from "@/lib/tenants/sign-up-schema";
import type { ApiOperation } from "../api-operation";
import { createdTenantSchema, healthSchema, meViewSchema } from "../views/workspace-views";

export const workspaceOperations: ApiOperation[] = [
  {
    method: "POST", path: "/api/v1/tenants", tag: "Workspace", operationId: "signUp",
    summary: "Sign up", description: "Creates a workspace and its owner, on the marketing site's host only. Sign in afterwards at the workspace's own address (`tenant.url`).",
    auth: { kind: "public", rateLimit: "signUpPerIp" }, host: "root",
    body: { schema: signUpSchema, schemaName: "SignUpRequest", example: { name: "Acme SEO", subdomain: "acme", email: "owner@acme.test", password: "correct horse battery" } },
    response: { status: 201, description: "The workspace and its owner.", schema: createdTenantSchema, schemaName: "CreatedTenant" },
    errors: [
      { code: "not_found", when: "called on a workspace host instead of the marketing site" },
      { code: "conflict", when: "the subdomain is taken or reserved" },
    ],
  },
  {
    method: "GET", path: "/api/v1/me", tag: "Workspace", operationId: "getMe",
    summary: "Who am I", description: "The calling user or API key, its workspace and its roles.",
    auth: { kind: "tenant", permission: "workspace.read" },
    response: { status: 200, description: "The caller.", schema: meViewSchema, schemaName: "Me" },
  },
];

export const systemOperations: ApiOperation[] = [
  {
    method: "GET", path: "/api/v1/health", tag: "System", operationId: "getHealth",
    summary: "Liveness", description: "For load balancers; touches no data.",
    auth: { kind: "public" },
    response: { status: 200, description: "Alive.", schema: healthSchema, schemaName: "Health" },
  },
  {
    method: "GET", path: "/api/v1/openapi.json", tag: "System", operationId: "getOpenApiDocument",
    summary: "This API reference", description: "The OpenAPI 3.1 document, generated from the schemas the handlers validate with. Rendered at /docs/api on the marketing site.",
    auth: { kind: "public" },
    response: { status: 200, description: "An OpenAPI 3.1 document.", schema: { type: "object", description: "OpenAPI 3.1" } },
  },
];
