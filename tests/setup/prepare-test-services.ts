import { ensureLocalDatabase } from "../../lib/db/local-database";
import { migrate } from "../../lib/db/migrate";
import { startMongoStandin } from "../../devtools/mongo-standin/server";
import { startUpstashBridge } from "../../devtools/upstash-bridge/server";
import { adminDatabaseUrl, TEST_DATABASE, TEST_REDIS_URL, TEST_UPSTASH_TOKEN, testEnv } from "./test-env";

/** Creates and migrates the test database and starts an Upstash bridge; sets process.env for both. */
export async function prepareTestServices(redisUrl = TEST_REDIS_URL): Promise<{ close(): Promise<void> }> {
  Object.assign(process.env, testEnv);
  await ensureLocalDatabase({ adminUrl: adminDatabaseUrl, database: TEST_DATABASE, ownerRole: "roi_owner", appRole: "roi_app" });
  await migrate(testEnv.DATABASE_OWNER_URL!);
  const bridge = await startUpstashBridge({ port: 0, redisUrl, token: TEST_UPSTASH_TOKEN });
  process.env.UPSTASH_REDIS_REST_URL = bridge.url;
  // The audit log's store. A real MongoDB can be used instead with MONGODB_TEST_URI.
  const mongo = process.env.MONGODB_TEST_URI ? null : await startMongoStandin({ port: 0 });
  process.env.MONGODB_URI = process.env.MONGODB_TEST_URI ?? `${mongo!.uri}/roispectrum_test`;
  return {
    close: async () => {
      await bridge.close();
      await mongo?.close();
    },
  };
}
