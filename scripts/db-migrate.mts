// npm run db:migrate — applies pending SQL migrations as the owner role (DATABASE_OWNER_URL).
import { getConfig } from "../lib/config/index.ts";
import { migrate } from "../lib/db/migrate.ts";

try {
  const result = await migrate(getConfig().DATABASE_OWNER_URL);
  for (const name of result.applied) console.log(`applied ${name}`);
  console.log(`${result.applied.length} applied, ${result.skipped.length} already applied`);
} catch (error) {
  console.error(`db:migrate failed: ${(error as Error).message}`);
  process.exit(1);
}
