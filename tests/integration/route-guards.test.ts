import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { guardOf } from "@/lib/api";

// Walks the route files, so a new route is checked without anyone listing it: every exported
// HTTP method must carry a guard from withTenant or an explicit public/cron/webhook wrapper.

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

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

describe("route handlers", () => {
  it("are all wrapped by a guard, and tenant routes name a permission", async () => {
    const files = await routeFiles(path.resolve("app"));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const table: string[] = [];
    const unguarded: string[] = [];
    for (const file of files) {
      const module = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS.filter((name) => name in module)) {
        const guard = guardOf(module[method]);
        const where = `${method} ${path.relative("app", path.dirname(file))}`;
        if (!guard) unguarded.push(where);
        else table.push(`${where} -> ${guard.kind}${guard.kind === "tenant" ? ` (${guard.permission})` : ""}`);
      }
    }
    console.info(`route guards:\n  ${table.sort().join("\n  ")}`);
    expect(unguarded).toEqual([]);
  });
});
