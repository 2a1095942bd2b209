import { beforeAll, describe, expect, it } from "vitest";
import { getPgPool, withBillingWorker, withTenantSql } from "@/lib/db";
import { createTestTenant, createTestUser, type TestTenant, type TestUser } from "../helpers/factories";

// The raw node-postgres path (hot reads: reports, API keys, tenant lookup) must give row-level
// security the same tenant as withTenantDb does, and must never hand a pooled connection on with a
// tenant or an open transaction.

let tenantA: TestTenant;
let tenantB: TestTenant;
let userA: TestUser;
let userB: TestUser;

beforeAll(async () => {
  [tenantA, tenantB] = await Promise.all([createTestTenant("Raw A"), createTestTenant("Raw B")]);
  [userA, userB] = await Promise.all([createTestUser(tenantA.id), createTestUser(tenantB.id)]);
});

describe("withTenantSql", () => {
  it("shows only the tenant's own rows even to a statement that does not filter by tenant", async () => {
    const ids = await withTenantSql(tenantA.id, (sql) => sql.query<{ id: string }>("SELECT id FROM users WHERE id = ANY($1::uuid[])", [[userA.id, userB.id]]));
    expect(ids.map((row) => row.id)).toEqual([userA.id]);
  });

  it("refuses writes in a read-only unit of work and changes nothing", async () => {
    await expect(
      withTenantSql(tenantA.id, (sql) => sql.query("UPDATE users SET email = 'changed@example.test' WHERE id = $1", [userA.id]), { readOnly: true }),
    ).rejects.toThrow(/read-only/);
    const [row] = await withTenantSql(tenantA.id, (sql) => sql.query<{ email: string }>("SELECT email FROM users WHERE id = $1", [userA.id]));
    expect(row!.email).toBe(userA.email);
  });

  it("cannot write a row into another tenant", async () => {
    await expect(
      withTenantSql(tenantA.id, (sql) =>
        sql.query("INSERT INTO users (tenant_id, email, password_hash, role_mask) VALUES ($1, 'x@example.test', 'h', 1)", [tenantB.id])),
    ).rejects.toThrow(/row-level security/);
  });

  it("rolls back the whole unit of work when a statement fails", async () => {
    await expect(
      withTenantSql(tenantA.id, async (sql) => {
        await sql.query("UPDATE users SET email = 'rolled-back@example.test' WHERE id = $1", [userA.id]);
        await sql.query("SELECT 1/0");
      }),
    ).rejects.toThrow(/division by zero/);
    const [row] = await withTenantSql(tenantA.id, (sql) => sql.query<{ email: string }>("SELECT email FROM users WHERE id = $1", [userA.id]));
    expect(row!.email).toBe(userA.email);
  });

  it("runs read-only work inside its transaction although its first statement is sent before BEGIN's answer", async () => {
    const [row] = await withTenantSql(tenantA.id, (sql) =>
      sql.query<{ tenant: string; is_read_only: string }>(
        "SELECT current_setting('app.tenant_id') AS tenant, current_setting('transaction_read_only') AS is_read_only",
      ), { readOnly: true });
    expect(row).toMatchObject({ tenant: tenantA.id, is_read_only: "on" });
    // A failing statement is the error thrown (BEGIN succeeded), and the next unit of work is unaffected.
    await expect(withTenantSql(tenantA.id, (sql) => sql.query("SELECT 1/0"), { readOnly: true })).rejects.toThrow(/division by zero/);
    const ids = await withTenantSql(tenantA.id, (sql) => sql.query<{ id: string }>("SELECT id FROM users WHERE id = $1", [userA.id]), { readOnly: true });
    expect(ids).toEqual([{ id: userA.id }]);
  });

  it("returns connections to the pool with no tenant and no open transaction", async () => {
    await withTenantSql(tenantA.id, (sql) => sql.query("SELECT 1"));
    await withTenantSql(tenantA.id, (sql) => sql.query("SELECT 1/0"), { readOnly: true }).catch(() => undefined);
    // Hold every pooled connection at once, so the one just used is certainly among them.
    const pool = getPgPool();
    const clients = await Promise.all(Array.from({ length: 10 }, () => pool.connect()));
    try {
      for (const client of clients) {
        const { rows } = await client.query("SELECT current_setting('app.tenant_id', true) AS tenant, now() = statement_timestamp() AS is_fresh");
        expect(rows[0].tenant ?? "").toBe("");
        expect(rows[0].is_fresh).toBe(true); // outside a transaction now() is this statement's time
      }
    } finally {
      for (const client of clients) client.release();
    }
  });

  it("rejects a tenant id that is not a UUID before touching the database", async () => {
    await expect(withTenantSql("not-a-uuid", (sql) => sql.query("SELECT 1"))).rejects.toThrow(TypeError);
  });
});

describe("withTenantSql when things go wrong", () => {
  it("survives the server ending its connection mid-transaction, and the pool stays usable", async () => {
    const { connectAsAppRole } = await import("../helpers/app-role-sql");
    const killer = await connectAsAppRole();
    try {
      await expect(
        withTenantSql(tenantA.id, async (sql) => {
          const [backend] = await sql.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
          // Terminated while this unit of work holds the connection idle in its transaction.
          await killer.query("SELECT pg_terminate_backend($1)", [backend!.pid]).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 100));
          await sql.query("SELECT 1");
        }),
      ).rejects.toThrow();
    } finally {
      await killer.end();
    }
    const ids = await withTenantSql(tenantA.id, (sql) => sql.query<{ id: string }>("SELECT id FROM users WHERE id = $1", [userA.id]), { readOnly: true });
    expect(ids).toEqual([{ id: userA.id }]);
  });

  it("answers a read-only unit of work before its COMMIT and still returns a clean connection", async () => {
    for (let i = 0; i < 20; i++) {
      await withTenantSql(tenantA.id, (sql) => sql.query("SELECT 1"), { readOnly: true });
    }
    const pool = getPgPool();
    const clients = await Promise.all(Array.from({ length: 10 }, () => pool.connect()));
    try {
      for (const client of clients) {
        const { rows } = await client.query("SELECT current_setting('app.tenant_id', true) AS tenant, now() = statement_timestamp() AS is_fresh");
        expect([rows[0].tenant ?? "", rows[0].is_fresh]).toEqual(["", true]);
      }
    } finally {
      for (const client of clients) client.release();
    }
  });

  it("bounds each statement's time", async () => {
    const [row] = await withTenantSql(tenantA.id, (sql) => sql.query<{ timeout: string }>("SELECT current_setting('statement_timeout') AS timeout"));
    expect(row!.timeout).toBe("15s");
  });
});

describe("withBillingWorker (one transaction, many tenants' units)", () => {
  const emailOf = async (tenantId: string, userId: string) =>
    (await withTenantSql(tenantId, (sql) => sql.query<{ email: string }>("SELECT email FROM users WHERE id = $1", [userId])))[0]!.email;
  const rename = (userId: string, email: string) => (sql: { query: (text: string, params: unknown[]) => Promise<unknown> }) =>
    sql.query("UPDATE users SET email = $2 WHERE id = $1", [userId, email]);

  it("shows each unit only its own tenant's rows", async () => {
    const seen = await withBillingWorker(async (sql) => [
      await sql.asTenant(tenantA.id, (unit) => unit.query<{ id: string }>("SELECT id FROM users WHERE id = ANY($1::uuid[])", [[userA.id, userB.id]])),
      await sql.asTenant(tenantB.id, (unit) => unit.query<{ id: string }>("SELECT id FROM users WHERE id = ANY($1::uuid[])", [[userA.id, userB.id]])),
    ], { isolateUnits: false });
    expect(seen.map((rows) => rows.map((row) => row.id))).toEqual([[userA.id], [userB.id]]);
  });

  it("with isolated units, undoes a failing unit alone and commits the others", async () => {
    const [emailA, emailB] = [`isolated-a-${Date.now()}@example.test`, `isolated-b-${Date.now()}@example.test`];
    await withBillingWorker(async (sql) => {
      await sql.asTenant(tenantA.id, rename(userA.id, emailA));
      await expect(sql.asTenant(tenantB.id, async (unit) => {
        await rename(userB.id, emailB)(unit);
        await unit.query("SELECT 1 / 0", []);
      })).rejects.toThrow(/division by zero/);
    }, { isolateUnits: true });
    expect(await emailOf(tenantA.id, userA.id)).toBe(emailA);
    expect(await emailOf(tenantB.id, userB.id)).not.toBe(emailB);
  });

  it("without isolation, never passes a transaction that failed for a commit", async () => {
    const before = await emailOf(tenantA.id, userA.id);
    // A caller that swallows a failed statement: PostgreSQL answers the COMMIT with a ROLLBACK.
    await expect(withBillingWorker(async (sql) => {
      await sql.asTenant(tenantA.id, rename(userA.id, `lost-${Date.now()}@example.test`));
      await sql.query("SELECT 1 / 0", []).catch(() => undefined);
    }, { isolateUnits: false })).rejects.toThrow(/rolled back at COMMIT/);
    expect(await emailOf(tenantA.id, userA.id)).toBe(before);
  });
});
