/** A request's query string as a plain object (a repeated parameter keeps its last value). */
export function queryParams(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
