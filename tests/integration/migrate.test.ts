import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { assertLocalDatabase } from "@/lib/db/local-database";
import { migrate, MigrationError, readMigrations } from "@/lib/db/migrate";

// Every test gets a throwaway database owned by roi_owner and its own migrations folder, so tests
// run in parallel with each other and with the rest of the suite.
const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REAL_MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");

const databases = new Set<string>();
const tempDirs = new Set<string>();

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  assertLocalDatabase(ADMIN_URL);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** Creates an empty database owned by roi_owner; returns a roi_owner connection string to it. */
async function createDatabase(): Promise<string> {
  const name = `mig_${randomBytes(8).toString("hex")}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" OWNER roi_owner`));
  databases.add(name);
  const url = new URL(ADMIN_URL);
  url.username = "roi_owner";
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabases(): Promise<void> {
  const names = [...databases];
  databases.clear();
  await withAdmin(async (admin) => {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/** Writes `<dir>/<name>/migration.sql` for each entry into a fresh temp dir. */
async function writeMigrations(files: Record<string, string>, dir?: string): Promise<string> {
  const target = dir ?? (await mkdtemp(path.join(tmpdir(), "migrations-")));
  tempDirs.add(target);
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(path.join(target, name), { recursive: true });
    await writeFile(path.join(target, name, "migration.sql"), sql);
  }
  return target;
}

async function query<T extends pg.QueryResultRow>(connectionString: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function tableExists(connectionString: string, table: string): Promise<boolean> {
  const [row] = await query<{ exists: boolean }>(connectionString, "SELECT to_regclass($1) IS NOT NULL AS exists", [`public.${table}`]);
  return row!.exists;
}

async function recordedMigrations(connectionString: string): Promise<{ name: string; checksum: string }[]> {
  return query(connectionString, "SELECT name, checksum FROM schema_migrations ORDER BY name");
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

async function migrationError(promise: Promise<unknown>): Promise<MigrationError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MigrationError);
  return error as MigrationError;
}

afterEach(async () => {
  await dropDatabases();
  const dirs = [...tempDirs];
  tempDirs.clear();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

afterAll(async () => {
  await dropDatabases();
});

describe("readMigrations", () => {
  it("returns the folders' migration.sql files in name order with their sha256", async () => {
    const dir = await writeMigrations({
      "20260102000000_second": "SELECT 2;",
      "20260101000000_first": "SELECT 1;",
      "20260103000000_third": "SELECT 3;",
    });
    await writeFile(path.join(dir, "README.md"), "not a migration");
    expect(await readMigrations(dir)).toEqual([
      { name: "20260101000000_first", sql: "SELECT 1;", checksum: sha256("SELECT 1;") },
      { name: "20260102000000_second", sql: "SELECT 2;", checksum: sha256("SELECT 2;") },
      { name: "20260103000000_third", sql: "SELECT 3;", checksum: sha256("SELECT 3;") },
    ]);
  });
});

describe("migrate", () => {
  it("applies the files in name order, once each, and records name and checksum", async () => {
    const db = await createDatabase();
    // Each file depends on the one before it, so a wrong order fails.
    const files = {
      "20260101000000_create_log": "CREATE TABLE log (step int PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp());",
      "20260102000000_first_step": "INSERT INTO log (step) VALUES (1);",
      "20260103000000_second_step": "INSERT INTO log (step) SELECT max(step) + 1 FROM log;",
    };
    const dir = await writeMigrations(files);

    expect(await migrate(db, dir)).toEqual({ applied: Object.keys(files), skipped: [] });
    expect(await query(db, "SELECT step FROM log ORDER BY at")).toEqual([{ step: 1 }, { step: 2 }]);
    expect(await recordedMigrations(db)).toEqual(Object.entries(files).map(([name, sql]) => ({ name, checksum: sha256(sql) })));

    expect(await migrate(db, dir)).toEqual({ applied: [], skipped: Object.keys(files) });
    expect(await query(db, "SELECT count(*)::int AS count FROM log")).toEqual([{ count: 2 }]);
  });

  it("applies only the files added since the last run", async () => {
    const db = await createDatabase();
    const dir = await writeMigrations({ "20260101000000_a": "CREATE TABLE a (id int);" });
    await migrate(db, dir);
    await writeMigrations({ "20260102000000_b": "CREATE TABLE b (id int);" }, dir);

    expect(await migrate(db, dir)).toEqual({ applied: ["20260102000000_b"], skipped: ["20260101000000_a"] });
    expect(await tableExists(db, "b")).toBe(true);
  });

  it("runs the files as the connecting role, which owns what they create", async () => {
    const db = await createDatabase();
    const dir = await writeMigrations({ "20260101000000_owned": "CREATE TABLE owned (id int);" });
    await migrate(db, dir);
    expect(await query(db, "SELECT tableowner FROM pg_tables WHERE tablename = 'owned'")).toEqual([{ tableowner: "roi_owner" }]);
  });

  it("refuses to run when an applied file was changed, and applies nothing", async () => {
    const db = await createDatabase();
    const dir = await writeMigrations({ "20260101000000_a": "CREATE TABLE a (id int);" });
    await migrate(db, dir);
    await writeMigrations({ "20260101000000_a": "CREATE TABLE a (id bigint);", "20260102000000_b": "CREATE TABLE b (id int);" }, dir);

    const error = await migrationError(migrate(db, dir));
    expect(error.name).toBe("MigrationError");
    expect(error.message).toMatch(/20260101000000_a/);
    expect(error.message).toMatch(/changed/);
    expect(await tableExists(db, "b")).toBe(false);
    expect((await recordedMigrations(db)).map((row) => row.name)).toEqual(["20260101000000_a"]);
  });

  it("refuses to run when an applied migration's file is missing, and applies nothing", async () => {
    const db = await createDatabase();
    const dir = await writeMigrations({ "20260101000000_a": "CREATE TABLE a (id int);", "20260102000000_b": "CREATE TABLE b (id int);" });
    await migrate(db, dir);
    await rm(path.join(dir, "20260102000000_b"), { recursive: true });
    await writeMigrations({ "20260103000000_c": "CREATE TABLE c (id int);" }, dir);

    const error = await migrationError(migrate(db, dir));
    expect(error.message).toMatch(/20260102000000_b/);
    expect(error.message).toMatch(/missing/);
    expect(await tableExists(db, "c")).toBe(false);
  });

  it("rolls a failing file back entirely, keeps the earlier files and does not record it", async () => {
    const db = await createDatabase();
    const dir = await writeMigrations({
      "20260101000000_good": "CREATE TABLE good (id int);",
      "20260102000000_bad": "CREATE TABLE partial (id int);\nINSERT INTO good VALUES (1);\nSELECT 1 / 0;",
      "20260103000000_after": "CREATE TABLE after_bad (id int);",
    });

    const error = await migrationError(migrate(db, dir));
    expect(error.message).toMatch(/20260102000000_bad/);
    expect(error.message).toMatch(/division by zero/);

    expect(await tableExists(db, "good")).toBe(true);
    expect(await query(db, "SELECT count(*)::int AS count FROM good")).toEqual([{ count: 0 }]);
    expect(await tableExists(db, "partial")).toBe(false);
    expect(await tableExists(db, "after_bad")).toBe(false);
    expect((await recordedMigrations(db)).map((row) => row.name)).toEqual(["20260101000000_good"]);
  });

  it("applies a fixed failing file on the next run", async () => {
    const db = await createDatabase();
    const dir = await writeMigrations({ "20260101000000_a": "CREATE TABLE a (id int); SELECT 1 / 0;" });
    await migrationError(migrate(db, dir));
    await writeMigrations({ "20260101000000_a": "CREATE TABLE a (id int);" }, dir);

    expect(await migrate(db, dir)).toEqual({ applied: ["20260101000000_a"], skipped: [] });
    expect(await tableExists(db, "a")).toBe(true);
  });

  it("applies each file exactly once when two runs start at the same time", async () => {
    const db = await createDatabase();
    const names = ["20260101000000_create_runs", "20260102000000_slow", "20260103000000_more"];
    // Without the lock both runs would pass the "already applied?" check before either commits,
    // and the second CREATE TABLE / INSERT would fail or double up.
    const dir = await writeMigrations({
      [names[0]!]: "CREATE TABLE runs (migration text NOT NULL);",
      [names[1]!]: "SELECT pg_sleep(0.3); INSERT INTO runs VALUES ('slow');",
      [names[2]!]: "INSERT INTO runs VALUES ('more');",
    });

    const results = await Promise.all([migrate(db, dir), migrate(db, dir)]);
    expect(results.flatMap((result) => result.applied).sort()).toEqual(names);
    expect(results.flatMap((result) => result.skipped)).toHaveLength(names.length);
    expect(await query(db, "SELECT migration FROM runs ORDER BY migration")).toEqual([{ migration: "more" }, { migration: "slow" }]);
    expect((await recordedMigrations(db)).map((row) => row.name)).toEqual(names);
  });

  it("releases its lock when it fails, so the next run is not blocked", async () => {
    const db = await createDatabase();
    const dir = await writeMigrations({ "20260101000000_a": "SELECT 1 / 0;" });
    await migrationError(migrate(db, dir));
    await writeMigrations({ "20260101000000_a": "SELECT 1;" }, dir);
    expect(await migrate(db, dir)).toEqual({ applied: ["20260101000000_a"], skipped: [] });
  });

  it("applies the project's prisma/migrations to a fresh database", async () => {
    const db = await createDatabase();
    const expected = (await readMigrations(REAL_MIGRATIONS_DIR)).map((file) => file.name);
    expect(expected.length).toBeGreaterThan(0);

    expect(await migrate(db, REAL_MIGRATIONS_DIR)).toEqual({ applied: expected, skipped: [] });
    for (const table of ["tenants", "users", "subscriptions", "api_keys"]) expect(await tableExists(db, table)).toBe(true);
    expect(await migrate(db, REAL_MIGRATIONS_DIR)).toEqual({ applied: [], skipped: expected });
  });
});
