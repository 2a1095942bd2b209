import { readdir } from "node:fs/promises";
import path from "node:path";
import { guardOf, type RouteGuard } from "@/lib/api";

// The registry of every API route and method, derived from the route files themselves, so a new
// route is covered by the guard walker, the OpenAPI check and the attack matrix without anyone
// listing it.

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type RouteHandler = (request: never, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RouteOperation {
  /** OpenAPI-style path: app/api/v1/sites/[id]/route.ts -> /api/v1/sites/{id}. */
  path: string;
  method: HttpMethod;
  /** The route file, relative to the repository root. */
  file: string;
  /** Names of the dynamic segments, in order. */
  params: string[];
  guard: RouteGuard | undefined;
  handler: RouteHandler;
}

async function routeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return routeFiles(full);
      return Promise.resolve(/^route\.tsx?$/.test(entry.name) ? [full] : []);
    }),
  );
  return nested.flat();
}

/** The URL path of a route file: route groups "(x)" vanish, "[id]" becomes "{id}", "[...x]" becomes "{x}". */
export function routePathOf(file: string, appDir = path.resolve("app")): { path: string; params: string[] } {
  const params: string[] = [];
  const segments = path
    .relative(appDir, path.dirname(file))
    .split(path.sep)
    .filter((segment) => segment !== "" && !/^\(.*\)$/.test(segment))
    .map((segment) => {
      const dynamic = /^\[(?:\.\.\.)?([^\]]+)\]$/.exec(segment);
      if (!dynamic) return segment;
      params.push(dynamic[1]!);
      return `{${dynamic[1]}}`;
    });
  return { path: `/${segments.join("/")}`, params };
}

/** Every exported HTTP method of every route file under app/, sorted by path then method. */
export async function listRouteOperations(appDir = path.resolve("app")): Promise<RouteOperation[]> {
  const operations: RouteOperation[] = [];
  for (const file of await routeFiles(appDir)) {
    const module = (await import(file)) as Record<string, unknown>;
    const { path: routePath, params } = routePathOf(file, appDir);
    for (const method of HTTP_METHODS.filter((name) => typeof module[name] === "function")) {
      operations.push({
        path: routePath, method, params, file: path.relative(path.resolve(appDir, ".."), file),
        guard: guardOf(module[method]), handler: module[method] as RouteHandler,
      });
    }
  }
  return operations.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
