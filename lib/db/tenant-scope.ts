import { Prisma } from "@/generated/prisma/client";

// Wall (a) of tenant isolation: every query made through a tenant-scoped client gets the tenant's id
// in its filter and in every row it writes, whatever the caller passed. Wall (b) is row-level
// security in PostgreSQL, keyed on the same id (see with-tenant-db.ts).

type Args = Record<string, unknown>;

const WHERE_OPERATIONS = new Set([
  "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany",
  "count", "aggregate", "groupBy", "update", "updateMany", "updateManyAndReturn",
  "delete", "deleteMany",
]);
const DATA_OPERATIONS = new Set(["create", "createMany", "createManyAndReturn"]);
const UPDATE_OPERATIONS = new Set(["update", "updateMany", "updateManyAndReturn"]);

/** The column that carries the tenant: `id` on the tenants table itself, `tenantId` elsewhere. */
function tenantKeyOf(model: string): "id" | "tenantId" {
  return model === "Tenant" ? "id" : "tenantId";
}

function withTenant(value: unknown, key: string, tenantId: string): Args {
  return { ...(value as Args | undefined), [key]: tenantId };
}

// The tenant condition is ANDed to the caller's filter rather than replacing any tenant id in it:
// a query that names another tenant then matches nothing, instead of silently hitting this one.
function whereWithTenant(where: unknown, key: string, tenantId: string): Args {
  const base = { ...(where as Args | undefined) };
  const existing = base.AND === undefined ? [] : Array.isArray(base.AND) ? base.AND : [base.AND];
  return { ...base, AND: [...existing, { [key]: tenantId }] };
}

/** Rewrites one operation's arguments so that it can only touch the given tenant's rows. */
export function scopeArgs(model: string, operation: string, args: Args, tenantId: string): Args {
  const key = tenantKeyOf(model);
  const scoped: Args = { ...args };
  if (WHERE_OPERATIONS.has(operation)) scoped.where = whereWithTenant(args.where, key, tenantId);
  if (DATA_OPERATIONS.has(operation)) {
    scoped.data = Array.isArray(args.data)
      ? args.data.map((row) => withTenant(row, key, tenantId))
      : withTenant(args.data, key, tenantId);
  }
  // An update may not move a row to another tenant.
  if (UPDATE_OPERATIONS.has(operation) && args.data && key in (args.data as Args)) {
    scoped.data = withTenant(args.data, key, tenantId);
  }
  if (operation === "upsert") {
    scoped.where = whereWithTenant(args.where, key, tenantId);
    scoped.create = withTenant(args.create, key, tenantId);
    if (args.update && key in (args.update as Args)) scoped.update = withTenant(args.update, key, tenantId);
  }
  return scoped;
}

/** A Prisma client extension that scopes every model operation to one tenant. */
export function tenantScope(tenantId: string) {
  return Prisma.defineExtension({
    name: "tenant-scope",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          return query(scopeArgs(model, operation, (args ?? {}) as Args, tenantId));
        },
      },
    },
  });
}
