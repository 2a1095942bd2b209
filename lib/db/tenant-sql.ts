import { createHash } from "node:crypto";
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
    // Pipelining: a statement issued before the previous one's answer goes out at once (read-only
    // transactions send their BEGIN and first statement together, see inTransaction).
    const pool = new pg.Pool({ connectionString: getConfig().DATABASE_URL, max: 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000, pipeline: true });
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

/** A unit of a worker transaction failed and could not be undone alone: the whole transaction must end. */
export class TransactionAbortedError extends Error {
  constructor(cause: unknown) {
    super("the transaction could not return to its savepoint", { cause });
    this.name = "TransactionAbortedError";
  }
}

/** A transaction of the billing worker: it may act for several tenants, each inside a savepoint. */
export interface WorkerSql extends TenantSql {
  /**
   * Runs `work` with row-level security seeing `tenantId` (none for null: only platform tables then).
   * With isolated units it runs in a savepoint: if it throws, only its own statements are undone.
   */
  asTenant<T>(tenantId: string | null, work: (sql: TenantSql) => Promise<T>): Promise<T>;
}

function assertTenantId(tenantId: string): void {
  if (!UUID.test(tenantId)) throw new TypeError("a tenant-scoped transaction needs a tenant UUID");
}

/** The statements that open a transaction: its limits bound what one unit of work can hold (a pooled connection, the billing lock). */
function beginStatement(options: { readOnly?: boolean; tenantId?: string; settings?: Record<string, string> }): string {
  // The values are inlined (one round trip for all): safe only because they are a checked UUID and constants.
  const settings = { ...(options.tenantId ? { "app.tenant_id": options.tenantId } : {}), ...options.settings };
  return [
    options.readOnly ? "BEGIN READ ONLY" : "BEGIN",
    ...Object.entries(settings).map(([name, value]) => `SELECT set_config('${name}', '${value}', true)`),
    `SET LOCAL statement_timeout = '${STATEMENT_TIMEOUT}'`,
    `SET LOCAL idle_in_transaction_session_timeout = '${IDLE_IN_TRANSACTION_TIMEOUT}'`,
  ].join("; ");
}

/** One transaction on a pooled connection; a read-only one returns without waiting for its COMMIT. */
async function inTransaction<T>(begin: string, work: (client: pg.PoolClient) => Promise<T>, options: { readOnly?: boolean; isDurabilityOptional?: boolean }): Promise<T> {
  const client = await getPgPool().connect();
  // A checked-out client has no pool listener: a connection lost while it is held (server restart,
  // pg_terminate_backend, a timeout) would otherwise be an unhandled 'error' and end the process.
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
  // Read-only work's first statement goes out right behind BEGIN: one round trip for both, not two.
  // BEGIN's answer is checked only after the work. Were BEGIN to fail, the work's statements would have
  // run outside any transaction with no tenant set, which row-level security answers with no rows (and
  // read-only work writes nothing); BEGIN's error is the one thrown, whatever the work then did.
  let begun: Promise<unknown> | undefined;
  try {
    if (options.readOnly) {
      begun = client.query(begin);
      begun.catch(() => undefined); // awaited after the work, or in the catch below
      result = await work(client);
      await begun;
    } else {
      await client.query(begin);
      if (options.isDurabilityOptional) await client.query("SET LOCAL synchronous_commit TO off");
      result = await work(client);
    }
  } catch (error) {
    const beginError = await begun?.then(() => undefined, (failure: unknown) => failure);
    // A connection whose ROLLBACK failed may still be inside the transaction: never reuse it.
    await client.query("ROLLBACK").then(() => release(), (rollbackError: Error) => release(rollbackError));
    throw beginError ?? error;
  }
  const commit = client.query("COMMIT").then(
    (reply) => {
      // PostgreSQL answers COMMIT in a failed transaction with ROLLBACK and no error: that must not
      // pass for a commit (the worker would acknowledge events whose effects were thrown away).
      if (reply.command !== "COMMIT") {
        const error = new Error(`the transaction was rolled back at COMMIT (${reply.command})`);
        release(error);
        throw error;
      }
      release();
    },
    (commitError: Error) => {
      release(commitError);
      throw commitError;
    },
  );
  // A read-only transaction has nothing to make durable, so its caller does not wait for the COMMIT
  // round trip; the connection goes back to the pool only once the COMMIT has completed.
  if (options.readOnly) commit.catch((error: unknown) => console.error("read-only COMMIT failed", error));
  else await commit;
  return result;
}

const sqlOf = (client: pg.PoolClient): TenantSql => ({
  query: async <Row>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[],
});

// Named statements are parsed and planned once per connection, then only bound and run. For the
// worker's statements only: their texts are a fixed few, so the per-connection cache stays small.
const statementNames = new Map<string, string>();
const preparedSqlOf = (client: pg.PoolClient): TenantSql => ({
  query: async <Row>(sql: string, params?: unknown[]) => {
    let name = statementNames.get(sql);
    if (name === undefined) statementNames.set(sql, (name = `worker_${createHash("sha1").update(sql).digest("hex").slice(0, 16)}`));
    return (await client.query({ name, text: sql, values: params })).rows as Row[];
  },
});

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
  assertTenantId(tenantId);
  return inTransaction(beginStatement({ ...options, tenantId }), (client) => work(sqlOf(client)), options);
}

/**
 * One transaction in which `work` acts for one tenant after another (WorkerSql.asTenant), so many
 * small units share one BEGIN, one COMMIT and one WAL flush. `settings` are constant flags.
 * With `isolateUnits`, each unit runs in its own savepoint and a failing unit is undone alone; without,
 * units run bare (a round trip and a subtransaction cheaper each) and any failure ends the transaction: the caller's
 * fast path, retried with isolation when it fails.
 */
export async function withWorkerSql<T>(work: (sql: WorkerSql) => Promise<T>, settings: Record<string, string>, options: { isolateUnits: boolean }): Promise<T> {
  return inTransaction(beginStatement({ settings }), async (client) => {
    const sql = preparedSqlOf(client);
    const setTenant = (tenantId: string | null) => sql.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId ?? ""]);
    // A unit's savepoint is released with the next unit's first statement (COMMIT releases the last
    // one): one round trip less per unit. Each has its own name, so that a failure before a unit's own
    // savepoint exists can never roll back to an earlier unit's.
    let units = 0;
    let releasePrevious = "";
    const asTenant = async <R>(tenantId: string | null, unit: (tenantSql: TenantSql) => Promise<R>): Promise<R> => {
      if (tenantId !== null) assertTenantId(tenantId);
      if (!options.isolateUnits) {
        await setTenant(tenantId);
        return unit(sql);
      }
      const savepoint = `unit_${++units}`;
      let result: R;
      try {
        await client.query(`${releasePrevious}SAVEPOINT ${savepoint}`);
        releasePrevious = "";
        await setTenant(tenantId);
        result = await unit(sql);
      } catch (error) {
        // If even this fails the transaction is unusable: that error ends it (nothing is committed).
        await client.query(`ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`).catch((rollbackError: unknown) => {
          throw new TransactionAbortedError(rollbackError);
        });
        releasePrevious = "";
        throw error;
      }
      releasePrevious = `RELEASE SAVEPOINT ${savepoint}; `;
      return result;
    };
    return work({ ...sql, asTenant });
  }, {});
}

/** One statement outside any tenant context (only SECURITY DEFINER functions return rows then). */
export async function querySql<Row>(sql: string, params?: unknown[]): Promise<Row[]> {
  return (await getPgPool().query(sql, params)).rows as Row[];
}
