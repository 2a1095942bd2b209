import pg from "pg";

// Development and test set-up only: creates the roles and the database on a local server with a
// superuser connection. Production databases are provisioned by the operator (README).

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]", ""]);

/** Throws unless the URL points at this machine: destructive set-up never runs against a remote DB. */
export function assertLocalDatabase(connectionString: string): void {
  const url = new URL(connectionString);
  const socketHost = url.searchParams.get("host");
  const isLocal = LOCAL_HOSTS.has(url.hostname) || (socketHost?.startsWith("/") ?? false);
  if (!isLocal) throw new Error(`refusing to set up a non-local database (${url.hostname})`);
}

export interface LocalDatabaseSpec {
  /** Superuser connection to the server (any database), e.g. postgresql://postgres@127.0.0.1:5432/postgres */
  adminUrl: string;
  database: string;
  ownerRole: string;
  appRole: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function quoteIdent(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`unsafe identifier: ${name}`);
  return `"${name}"`;
}

/** Creates the owner and app roles and the database if missing; idempotent. */
export async function ensureLocalDatabase(spec: LocalDatabaseSpec): Promise<void> {
  assertLocalDatabase(spec.adminUrl);
  const admin = new pg.Client({ connectionString: spec.adminUrl });
  await admin.connect();
  try {
    // Concurrent test workers may race here; serialise on an advisory lock.
    await admin.query("SELECT pg_advisory_lock(7351102212)");
    for (const role of [spec.ownerRole, spec.appRole]) {
      const { rowCount } = await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
      if (!rowCount) await admin.query(`CREATE ROLE ${quoteIdent(role)} LOGIN`);
    }
    // The app role must never be able to bypass row-level security.
    await admin.query(`ALTER ROLE ${quoteIdent(spec.appRole)} NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`);
    await admin.query(`ALTER ROLE ${quoteIdent(spec.ownerRole)} NOSUPERUSER NOBYPASSRLS`);
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [spec.database]);
    if (!rowCount) {
      await admin.query(`CREATE DATABASE ${quoteIdent(spec.database)} OWNER ${quoteIdent(spec.ownerRole)}`);
    }
    await admin.query("SELECT pg_advisory_unlock(7351102212)");
  } finally {
    await admin.end();
  }
}

/** The database name and user of a postgres URL. */
export function describeDatabaseUrl(connectionString: string): { database: string; user: string } {
  const url = new URL(connectionString);
  return { database: decodeURIComponent(url.pathname.slice(1)), user: decodeURIComponent(url.username) };
}
