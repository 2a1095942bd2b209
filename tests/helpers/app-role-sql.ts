import pg from "pg";

/** A raw connection as the application role, for proving what row-level security allows. */
export async function connectAsAppRole(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  return client;
}

/** Runs `work` in a transaction with app.tenant_id set (or not, when tenantId is null), then rolls back. */
export async function inAppTransaction<T>(
  client: pg.Client,
  tenantId: string | null,
  work: () => Promise<T>,
): Promise<T> {
  await client.query("BEGIN");
  try {
    if (tenantId) await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    return await work();
  } finally {
    await client.query("ROLLBACK");
  }
}
