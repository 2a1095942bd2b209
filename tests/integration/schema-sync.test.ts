import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { getPrisma } from "@/lib/db";

// schema.prisma mirrors the SQL migrations; this fails when a column is added, renamed, retyped or
// made (non-)nullable on one side only.

interface RuntimeField { name: string; kind: string; type: string; dbName?: string | null }
interface RuntimeModel { dbName: string | null; fields: RuntimeField[] }

const COMPATIBLE: Record<string, string[]> = {
  String: ["uuid", "character varying", "character", "text"],
  Int: ["integer"],
  BigInt: ["bigint"],
  Boolean: ["boolean"],
  DateTime: ["timestamp with time zone", "date"],
  Float: ["double precision"],
  Decimal: ["numeric"],
  Json: ["jsonb"],
};

let owner: pg.Client;
beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.DATABASE_OWNER_URL });
  await owner.connect();
});
afterAll(async () => {
  await owner.end();
});

/** `Model.field` -> optional?, read from schema.prisma (scalar fields only). */
async function optionalityFromSchema(): Promise<Map<string, boolean>> {
  const text = await readFile("prisma/schema.prisma", "utf8");
  const result = new Map<string, boolean>();
  for (const block of text.matchAll(/model (\w+) \{([^}]*)\}/g)) {
    for (const line of block[2]!.split("\n")) {
      const match = /^\s*(\w+)\s+(\w+)(\?|\[\])?/.exec(line);
      if (match && !line.trim().startsWith("@@")) result.set(`${block[1]}.${match[1]}`, match[3] === "?");
    }
  }
  return result;
}

describe("schema.prisma and the migrated database", () => {
  it("agree on every table, column, type and nullability", async () => {
    const models = (getPrisma() as unknown as { _runtimeDataModel: { models: Record<string, RuntimeModel> } })
      ._runtimeDataModel.models;
    const optional = await optionalityFromSchema();
    const { rows } = await owner.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
    );
    const database = new Map(rows.map((row) => [`${row.table_name}.${row.column_name}`, row]));
    const fromPrisma = new Set<string>();
    const mismatches: string[] = [];

    for (const [modelName, model] of Object.entries(models)) {
      const table = model.dbName ?? modelName;
      for (const field of model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum")) {
        const key = `${table}.${field.dbName ?? field.name}`;
        fromPrisma.add(key);
        const column = database.get(key);
        if (!column) {
          mismatches.push(`${key}: in schema.prisma, not in the database`);
          continue;
        }
        if (!(COMPATIBLE[field.type] ?? []).includes(column.data_type)) {
          mismatches.push(`${key}: Prisma ${field.type} vs SQL ${column.data_type}`);
        }
        const isOptional = optional.get(`${modelName}.${field.name}`);
        if (isOptional !== (column.is_nullable === "YES")) {
          mismatches.push(`${key}: nullability differs (Prisma optional=${isOptional}, SQL nullable=${column.is_nullable})`);
        }
      }
    }
    for (const key of database.keys()) {
      if (!fromPrisma.has(key)) mismatches.push(`${key}: in the database, not in schema.prisma`);
    }
    expect(mismatches).toEqual([]);
  });
});
