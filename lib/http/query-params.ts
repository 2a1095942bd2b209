import { assertStorableText } from "./assert-storable-text";

/**
 * A request's query string as a plain object (a repeated parameter keeps its last value); a value
 * PostgreSQL could not store as sent (%00) is a 422 naming the parameter.
 */
export function queryParams(request: Request): Record<string, string> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  assertStorableText(params);
  return params;
}
