export { buildOpenApiDocument, type OpenApiOptions } from "./build-openapi-document";
export { getOpenApiDocument, getOpenApiJson } from "./get-openapi-document";
export { API_OPERATIONS, API_TAGS } from "./paths";
export type { ApiOperation, OperationAuth } from "./api-operation";
export type { OpenApiDocument, OpenApiOperation, OpenApiParameter, OpenApiResponse } from "./openapi-document";
export { toJsonSchema } from "./to-json-schema";
