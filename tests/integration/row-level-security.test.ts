import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { withTenantDb } from "@/lib/db";
import { createTestTenant, createTestUser, type TestTenant, type TestUser } from "../helpers/factories";
import { connectAsAppRole, inAppTransaction } from "../helpers/app-role-sql";

let client: pg.Client;
let tenantA: TestTenant;
let tenantB: TestTenant;
let userA: TestUser;
let userB: TestUser;

beforeAll(async () => {
  client = await connectAsAppRole();
  [tenantA, tenantB] = await Promise.all([createTestTenant("Agency A"), createTestTenant("Agency B")]);
  [userA, userB] = await Promise.all([createTestUser(tenantA.id), createTestUser(tenantB.id)]);
});

afterAll(async () => {
  await client.end();
});

async function emailOf(tenantId: string, userId: string): Promise<string | undefined> {
  return withTenantDb(tenantId, async (db) => (await db.user.findFirst({ where: { id: userId } }))?.email);
}

describe("row-level security through the app role (raw SQL)", () => {
  it("returns no rows from any tenant table without a tenant context", async () => {
    await inAppTransaction(client, null, async () => {
      for (const table of ["tenants", "users", "subscriptions", "api_keys"]) {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
        expect(rows[0].n, table).toBe(0);
      }
    });
  });

  it("refuses an insert without a tenant context", async () => {
    await expect(
      inAppTransaction(client, null, () =>
        client.query("INSERT INTO users (tenant_id, email, password_hash, role_mask) VALUES ($1, 'x@example.test', 'h', 1)", [tenantA.id]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("shows tenant A only its own rows, even when asked for B's by id", async () => {
    await inAppTransaction(client, tenantA.id, async () => {
      const all = await client.query("SELECT id FROM users");
      expect(all.rows.map((row) => row.id)).toEqual([userA.id]);
      const other = await client.query("SELECT * FROM users WHERE id = $1", [userB.id]);
      expect(other.rowCount).toBe(0);
      const tenants = await client.query("SELECT id FROM tenants");
      expect(tenants.rows.map((row) => row.id)).toEqual([tenantA.id]);
    });
  });

  it("cannot update or delete B's rows from A's context", async () => {
    await inAppTransaction(client, tenantA.id, async () => {
      const updated = await client.query("UPDATE users SET email = 'pwned@example.test' WHERE id = $1", [userB.id]);
      const deleted = await client.query("DELETE FROM users WHERE tenant_id = $1", [tenantB.id]);
      const renamed = await client.query("UPDATE tenants SET name = 'pwned' WHERE id = $1", [tenantB.id]);
      expect([updated.rowCount, deleted.rowCount, renamed.rowCount]).toEqual([0, 0, 0]);
    });
    expect(await emailOf(tenantB.id, userB.id)).toBe(userB.email);
  });

  it("cannot insert a row for B or move A's row to B from A's context", async () => {
    await expect(
      inAppTransaction(client, tenantA.id, () =>
        client.query("INSERT INTO users (tenant_id, email, password_hash, role_mask) VALUES ($1, 'x@example.test', 'h', 1)", [tenantB.id]),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      inAppTransaction(client, tenantA.id, () => client.query("UPDATE users SET tenant_id = $1 WHERE id = $2", [tenantB.id, userA.id])),
    ).rejects.toThrow(/row-level security/);
  });

  it("does not leak the tenant setting to the next transaction on the same connection", async () => {
    await inAppTransaction(client, tenantA.id, async () => undefined);
    await inAppTransaction(client, null, async () => {
      const { rows } = await client.query("SELECT count(*)::int AS n FROM users");
      expect(rows[0].n).toBe(0);
    });
  });

  it("resolves tenants by subdomain only through the definer function", async () => {
    await inAppTransaction(client, null, async () => {
      const { rows } = await client.query("SELECT id, plan_tier FROM app_resolve_tenant($1)", [tenantB.subdomain.toUpperCase()]);
      expect(rows).toEqual([{ id: tenantB.id, plan_tier: "free" }]);
    });
  });
});

describe("the tenant-scoped Prisma client (withTenantDb)", () => {
  it("filters every query by the tenant; asking for another tenant's rows finds nothing", async () => {
    const own = await withTenantDb(tenantA.id, (db) => db.user.findMany({ where: { id: { in: [userA.id, userB.id] } } }));
    expect(own.map((row) => row.id)).toEqual([userA.id]);
    const rows = await withTenantDb(tenantA.id, (db) => db.user.findMany({ where: { tenantId: tenantB.id } }));
    expect(rows).toEqual([]);
    const other = await withTenantDb(tenantA.id, (db) =>
      db.user.findUnique({ where: { tenantId_id: { tenantId: tenantB.id, id: userB.id } } }),
    );
    expect(other).toBeNull();
  });

  it("stamps creates with the tenant, overriding a forged tenantId", async () => {
    const created = await withTenantDb(tenantA.id, (db) =>
      db.user.create({ data: { tenantId: tenantB.id, email: "forged@example.test", passwordHash: "h", roleMask: 16 } }),
    );
    expect(created.tenantId).toBe(tenantA.id);
    const seenByB = await withTenantDb(tenantB.id, (db) => db.user.count({ where: { email: "forged@example.test" } }));
    expect(seenByB).toBe(0);
  });

  it("cannot update or delete another tenant's rows", async () => {
    const updated = await withTenantDb(tenantA.id, (db) =>
      db.user.updateMany({ where: { id: userB.id }, data: { email: "pwned@example.test" } }),
    );
    const deleted = await withTenantDb(tenantA.id, (db) => db.user.deleteMany({ where: { tenantId: tenantB.id } }));
    expect([updated.count, deleted.count]).toEqual([0, 0]);
    expect(await emailOf(tenantB.id, userB.id)).toBe(userB.email);
    // Naming B's tenant id must not redirect the delete onto A's own rows either.
    expect(await emailOf(tenantA.id, userA.id)).toBe(userA.email);
  });

  it("rolls the whole unit of work back when it throws", async () => {
    await expect(
      withTenantDb(tenantA.id, async (db) => {
        await db.tenant.update({ where: { id: tenantA.id }, data: { name: "Renamed" } });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const name = await withTenantDb(tenantA.id, async (db) => (await db.tenant.findFirst())?.name);
    expect(name).toBe("Agency A");
  });

  it("rejects a tenant id that is not a UUID", async () => {
    await expect(withTenantDb("' OR 1=1 --", async () => 1)).rejects.toThrow(TypeError);
  });
});
