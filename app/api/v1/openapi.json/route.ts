import { withPublic } from "@/lib/api";
import { getOpenApiJson } from "@/lib/openapi";

// GET /api/v1/openapi.json – the OpenAPI 3.1 reference of this build (built once per process)
export const GET = withPublic(
  async () => new Response(getOpenApiJson(), { headers: { "content-type": "application/json", "cache-control": "public, max-age=300" } }),
  { reason: "the API reference is public documentation, no data" },
);
