// npm run db:setup — local development only: creates the roles and database if missing, then migrates.
import { getConfig } from "../lib/config/index.ts";
import { describeDatabaseUrl, ensureLocalDatabase } from "../lib/db/local-database.ts";
import { migrate } from "../lib/db/migrate.ts";

const config = getConfig();
const app = describeDatabaseUrl(config.DATABASE_URL);
const owner = describeDatabaseUrl(config.DATABASE_OWNER_URL);
await ensureLocalDatabase({
  adminUrl: process.env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  database: app.database,
  ownerRole: owner.user,
  appRole: app.user,
});
const result = await migrate(config.DATABASE_OWNER_URL);
console.log(`database ${app.database}: ${result.applied.length} migration(s) applied, ${result.skipped.length} already applied`);
