import { describe, expect, it } from "vitest";
import { listRouteOperations } from "../helpers/route-registry";

// Walks the route files, so a new route is checked without anyone listing it: every exported
// HTTP method must carry a guard from withTenant or an explicit public/cron/webhook wrapper.

describe("route handlers", () => {
  it("are all wrapped by a guard, and tenant routes name a permission", async () => {
    const operations = await listRouteOperations();
    expect(operations.length).toBeGreaterThanOrEqual(5);
    const unguarded = operations.filter((op) => !op.guard).map((op) => `${op.method} ${op.path}`);
    const table = operations
      .filter((op) => op.guard)
      .map((op) => `${op.method} ${op.path} -> ${op.guard!.kind}${op.guard!.kind === "tenant" ? ` (${op.guard!.permission})` : ""}`);
    console.info(`route guards:\n  ${table.join("\n  ")}`);
    expect(unguarded).toEqual([]);
  });

  it("derives OpenAPI-style paths from the route files", async () => {
    const paths = new Set((await listRouteOperations()).map((op) => op.path));
    expect(paths).toContain("/api/v1/sites/{id}");
    expect(paths).toContain("/api/auth/{nextauth}");
  });
});
