import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

// Migrations are hand-written SQL files (Prisma's migrate engine cannot run on these machines, and
// RLS policies and composite references are SQL anyway). Each file runs in its own transaction under
// an advisory lock, and its checksum is recorded: editing an applied file is an error, not a no-op.

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  skipped: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

const LOCK_KEY = 7_351_102_211; // any constant shared by every migrator of this schema

export const DEFAULT_MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");

/** Reads `<dir>/<name>/migration.sql` files in name order (names start with a timestamp). */
export async function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8").catch(() => {
        throw new MigrationError(`migration ${name} has no migration.sql`);
      });
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/** Applies pending migrations as the connecting (owner) role. */
export async function migrate(connectionString: string, dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrateResult> {
  const files = await readMigrations(dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        name       text        PRIMARY KEY,
        checksum   char(64)    NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      "SELECT name, checksum FROM schema_migrations ORDER BY name",
    );
    const applied = new Map(rows.map((row) => [row.name, row.checksum]));
    const known = new Set(files.map((file) => file.name));
    for (const name of applied.keys()) {
      if (!known.has(name)) throw new MigrationError(`migration ${name} is applied but its file is missing`);
    }

    const result: MigrateResult = { applied: [], skipped: [] };
    for (const file of files) {
      const checksum = applied.get(file.name);
      if (checksum !== undefined) {
        if (checksum !== file.checksum) {
          throw new MigrationError(`migration ${file.name} was changed after it was applied (checksum mismatch)`);
        }
        result.skipped.push(file.name);
        continue;
      }
      try {
        await client.query("BEGIN");
        await client.query(file.sql);
        await client.query("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", [file.name, file.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        // A failed ROLLBACK (connection lost) must not hide the migration's own error.
        await client.query("ROLLBACK").catch(() => undefined);
        throw new MigrationError(`migration ${file.name} failed: ${(error as Error).message}`);
      }
      result.applied.push(file.name);
    }
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
