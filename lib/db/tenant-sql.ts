import pg from "pg";
import { getConfig } from "@/lib/config";

// The hot-path twin of withTenantDb: the same transaction with `app.tenant_id` set locally (so
// row-level security applies exactly as for Prisma), but statements go straight to node-postgres.
// Prisma 7's interactive transaction and query compiler cost ~1.5 ms plus ~1 ms per query here
// (bench:roi); the report, API-key and tenant lookups run on every API request and use this path.
// Every statement must still name tenant_id itself: the Prisma extension (wall a) is not here, RLS
// (wall b) is, and the tests of both walls run against these statements too.

export interface TenantSql {
  /** Runs one parameterised statement and returns its rows. */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

// Per statement, and idle inside a transaction: the aggregator may wait on Stripe (3 × 10 s) mid-transaction.
const STATEMENT_TIMEOUT = "15s";
const IDLE_IN_TRANSACTION_TIMEOUT = "45s";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const globalForPool = globalThis as unknown as { roiPgPool?: pg.Pool };

/** The process's node-postgres pool, connected as the app role (subject to row-level security). */
export function getPgPool(): pg.Pool {
  if (!globalForPool.roiPgPool) {
    // A request waits at most 5 s for a connection, then fails rather than queueing without bound.
    const pool = new pg.Pool({ connectionString: getConfig().DATABASE_URL, max: 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
    // An idle client that loses its connection emits here; without a listener the process would exit.
    pool.on("error", (error) => console.error("idle PostgreSQL client failed", error));
    globalForPool.roiPgPool = pool;
  }
  return globalForPool.roiPgPool;
}

/** Closes the pool (scripts and tests). */
export async function disconnectPgPool(): Promise<void> {
  await globalForPool.roiPgPool?.end();
  globalForPool.roiPgPool = undefined;
}

/**
 * Runs `work` in one transaction in which row-level security sees `tenantId`. Read-only units of work
 * declare it, so PostgreSQL refuses any write they might attempt. `isDurabilityOptional` commits
 * without waiting for the WAL flush (bookkeeping such as last-used times, never business data).
 */
export async function withTenantSql<T>(
  tenantId: string,
  work: (sql: TenantSql) => Promise<T>,
  options: { readOnly?: boolean; isDurabilityOptional?: boolean } = {},
): Promise<T> {
  if (!UUID.test(tenantId)) throw new TypeError("withTenantSql needs a tenant UUID");
  const client = await getPgPool().connect();
  // A checked-out client has no pool listener: a connection lost while it is held (server restart,
  // pg_terminate_backend, a timeout below) would otherwise be an unhandled 'error' and end the process.
  let lostConnection: Error | undefined;
  const onError = (error: Error) => {
    lostConnection = error;
  };
  client.on("error", onError);
  const release = (error?: Error) => {
    client.off("error", onError);
    client.release(error ?? lostConnection);
  };
  let result: T;
  try {
    // One round trip for all: the id is inlined, which is safe only because it matched UUID above. The
    // limits bound what one unit of work can hold (a connection of the pool, the billing lock).
    await client.query(
      `${options.readOnly ? "BEGIN READ ONLY" : "BEGIN"}; SELECT set_config('app.tenant_id', '${tenantId}', true); ` +
        `SET LOCAL statement_timeout = '${STATEMENT_TIMEOUT}'; SET LOCAL idle_in_transaction_session_timeout = '${IDLE_IN_TRANSACTION_TIMEOUT}'`,
    );
    if (options.isDurabilityOptional) await client.query("SET LOCAL synchronous_commit TO off");
    result = await work({ query: async <Row>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[] });
  } catch (error) {
    // A connection whose ROLLBACK failed may still be inside the transaction: never reuse it.
    await client.query("ROLLBACK").then(() => release(), (rollbackError: Error) => release(rollbackError));
    throw error;
  }
  const commit = client.query("COMMIT").then(() => release(), (commitError: Error) => {
    release(commitError);
    throw commitError;
  });
  // A read-only transaction has nothing to make durable, so its caller does not wait for the COMMIT
  // round trip; the connection goes back to the pool only once the COMMIT has completed.
  if (options.readOnly) commit.catch((error: unknown) => console.error("read-only COMMIT failed", error));
  else await commit;
  return result;
}

/** One statement outside any tenant context (only SECURITY DEFINER functions return rows then). */
export async function querySql<Row>(sql: string, params?: unknown[]): Promise<Row[]> {
  return (await getPgPool().query(sql, params)).rows as Row[];
}
