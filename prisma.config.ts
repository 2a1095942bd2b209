import { defineConfig } from "prisma/config";

// Prisma 7 does not read .env; the datasource URL only matters for CLI commands, which this
// project does not use for migrations (see scripts/db/migrate.mts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
