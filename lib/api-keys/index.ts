export { createApiKey } from "./create-api-key";
export { listApiKeys } from "./list-api-keys";
export { revokeApiKey } from "./revoke-api-key";
export { authenticateApiKey, type ApiKeyPrincipal } from "./authenticate-api-key";
export { authenticateApiKeyOnHost } from "./authenticate-api-key-on-host";
export { createApiKeySchema, API_KEY_ROLES, type ApiKeyView } from "./api-key-schemas";
export { hashApiKey, generateApiKeySecret, isApiKeyShaped, API_KEY_PREFIX } from "./api-key-secret";
