export { readJsonBody, DEFAULT_MAX_BODY_BYTES } from "./read-json-body";
export { readRawBody } from "./read-raw-body";
export { clientIp } from "./client-ip";
export { errorResponse } from "./error-response";
export { queryParams } from "./query-params";
export { requestProtocol } from "./request-protocol";
