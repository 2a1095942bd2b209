import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";

// These checks read PostgreSQL's catalog, so every future table is held to the isolation rules
// without anyone remembering to add a test.

let owner: pg.Client;

beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.DATABASE_OWNER_URL });
  await owner.connect();
});

afterAll(async () => {
  await owner.end();
});

async function tenantTables(): Promise<string[]> {
  const { rows } = await owner.query<{ table_name: string }>(`
    SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables t USING (table_schema, table_name)
     WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
     ORDER BY 1`);
  return rows.map((row) => row.table_name);
}

describe("database catalog", () => {
  it("finds the tenant tables", async () => {
    expect(await tenantTables()).toEqual(expect.arrayContaining(["users", "subscriptions", "api_keys"]));
  });

  it("has row-level security enabled and forced on every tenant table and on tenants", async () => {
    const tables = [...(await tenantTables()), "tenants"];
    const { rows } = await owner.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY($1) AND relkind = 'r'",
      [tables],
    );
    expect(rows).toHaveLength(tables.length);
    for (const row of rows) {
      expect({ table: row.relname, enabled: row.relrowsecurity, forced: row.relforcerowsecurity }).toEqual({
        table: row.relname,
        enabled: true,
        forced: true,
      });
    }
  });

  it("keys every tenant table's policy for all commands on app.tenant_id, reading and writing", async () => {
    for (const table of await tenantTables()) {
      const { rows } = await owner.query<{ cmd: string; qual: string | null; with_check: string | null; roles: string[] }>(
        "SELECT cmd, qual, with_check, roles::text[] AS roles FROM pg_policies WHERE schemaname = 'public' AND tablename = $1",
        [table],
      );
      // Every policy that applies to the app role must filter on the tenant setting.
      const forApp = rows.filter((row) => row.roles.includes("public") || row.roles.includes("roi_app"));
      expect(forApp.length, table).toBeGreaterThan(0);
      for (const policy of forApp) {
        expect(policy.cmd, table).toBe("ALL");
        expect(policy.qual, table).toMatch(/tenant_id = app_current_tenant_id\(\)/);
        expect(policy.with_check, table).toMatch(/tenant_id = app_current_tenant_id\(\)/);
      }
    }
  });

  it("starts every primary key and unique index of a tenant table with tenant_id", async () => {
    const { rows } = await owner.query<{ table: string; index: string; first_column: string | null }>(`
      SELECT t.relname AS table, i.relname AS index, a.attname AS first_column
        FROM pg_index x
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_class i ON i.oid = x.indexrelid
        LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
       WHERE x.indisunique AND t.relname = ANY($1)`, [await tenantTables()]);
    expect(rows.length).toBeGreaterThan(0);
    const offenders = rows.filter((row) => row.first_column !== "tenant_id").map((row) => `${row.table}.${row.index}`);
    expect(offenders).toEqual([]);
  });

  it("makes every foreign key between tenant tables composite on tenant_id", async () => {
    const tables = await tenantTables();
    const { rows } = await owner.query<{ name: string; source: string; target: string; columns: string[] }>(`
      SELECT c.conname AS name, s.relname AS source, t.relname AS target,
             ARRAY(SELECT attname FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = ANY(c.conkey))::text[] AS columns
        FROM pg_constraint c
        JOIN pg_class s ON s.oid = c.conrelid
        JOIN pg_class t ON t.oid = c.confrelid
       WHERE c.contype = 'f' AND s.relname = ANY($1) AND t.relname = ANY($1)`, [tables]);
    const offenders = rows.filter((row) => !row.columns.includes("tenant_id")).map((row) => `${row.source}.${row.name}`);
    expect(offenders).toEqual([]);
  });

  it("connects the app as a role that cannot bypass row-level security and owns no tables", async () => {
    const app = new URL(process.env.DATABASE_URL!).username;
    const { rows } = await owner.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1",
      [app],
    );
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    const owned = await owner.query(
      "SELECT relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = $1",
      [app],
    );
    expect(owned.rows).toEqual([]);
    // Nor can it borrow a privileged role.
    const memberships = await owner.query(
      `SELECT b.rolname FROM pg_auth_members m JOIN pg_roles a ON a.oid = m.member JOIN pg_roles b ON b.oid = m.roleid
        WHERE a.rolname = $1 AND (b.rolsuper OR b.rolbypassrls OR b.oid IN (SELECT relowner FROM pg_class WHERE relname = 'tenants'))`,
      [app],
    );
    expect(memberships.rows).toEqual([]);
  });
});
