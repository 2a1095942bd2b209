import pg from "pg";

/** A connection as the schema owner, for asserting what is stored across tenants. Tests only. */
export async function ownerQuery<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_OWNER_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    // The owner reads tenants through its resolve policy; other tables need the tenant context.
    const tenantId = values.find((value) => typeof value === "string" && /^[0-9a-f-]{36}$/.test(value));
    if (tenantId) await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    const { rows } = await client.query<T>(text, values);
    await client.query("COMMIT");
    return rows;
  } finally {
    await client.end();
  }
}
