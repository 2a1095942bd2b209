import { getConfig, getRootDomain } from "@/lib/config";
import { buildOpenApiDocument } from "./build-openapi-document";
import type { OpenApiDocument } from "./openapi-document";

// The document depends only on the code and two settings, so it is built once per process; the JSON
// text is kept too, so serving it costs no serialisation.
let cached: { key: string; document: OpenApiDocument; json: string } | undefined;

function current() {
  const rootDomain = getRootDomain();
  const protocol = getConfig().APP_ENV === "production" ? "https" : "http";
  const key = `${protocol}://${rootDomain}`;
  if (cached?.key !== key) {
    const document = buildOpenApiDocument({ rootDomain, protocol });
    cached = { key, document, json: JSON.stringify(document) };
  }
  return cached;
}

/** The API reference of this build. */
export function getOpenApiDocument(): OpenApiDocument {
  return current().document;
}

/** The API reference as JSON text. */
export function getOpenApiJson(): string {
  return current().json;
}
