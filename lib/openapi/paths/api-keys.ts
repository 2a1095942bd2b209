import { z } from "zod";
import { createApiKeySchema } from "@/lib/api-keys/api-key-schemas";
import type { ApiOperation } from "../api-operation";
import { apiKeyViewSchema, createdApiKeySchema } from "../views/api-key-views";

export const apiKeyOperations: ApiOperation[] = [
  {
    method: "GET", path: "/api/v1/api-keys", tag: "API keys", operationId: "listApiKeys",
    summary: "List API keys", description: "The workspace's keys, revoked ones included, never their secrets.",
    auth: { kind: "tenant", permission: "api_keys.read" },
    response: { status: 200, description: "The keys.", schema: z.object({ data: z.array(apiKeyViewSchema) }), schemaName: "ApiKeyList" },
  },
  {
    method: "POST", path: "/api/v1/api-keys", tag: "API keys", operationId: "createApiKey",
    summary: "Create an API key",
    description: "Returns the secret once; only its SHA-256 is stored. A key acts with its role (never owner) on this workspace's host only.",
    auth: { kind: "tenant", permission: "api_keys.write" },
    body: { schema: createApiKeySchema, schemaName: "CreateApiKeyRequest", maxBytes: 16 * 1024, example: { name: "Looker Studio sync", role: "viewer" } },
    response: { status: 201, description: "The key, with its secret in `key`.", schema: createdApiKeySchema, schemaName: "CreatedApiKey" },
  },
  {
    method: "DELETE", path: "/api/v1/api-keys/{id}", tag: "API keys", operationId: "revokeApiKey",
    summary: "Revoke an API key", description: "The key stops working at once on every server.",
    auth: { kind: "tenant", permission: "api_keys.write" },
    pathParams: { id: { description: "The key's id.", schema: { type: "string", format: "uuid" } } },
    response: { status: 200, description: "The revoked key.", schema: apiKeyViewSchema, schemaName: "ApiKey" },
  },
];
