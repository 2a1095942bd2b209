import { randomBytes } from "node:crypto";
import { MongoClient } from "mongodb";
import { startMongoStandin, type MongoStandin } from "../../devtools/mongo-standin/server";

// MongoDB for one audit test file. With MONGODB_TEST_URI set the tests run against that real server,
// in a database of their own that is dropped afterwards; otherwise against a local stand-in on an
// ephemeral port. A test file calls this and sets MONGODB_URI *before* importing any lib module.

export interface AuditMongo {
  /** The URI for MONGODB_URI, with the file's own database. */
  uri: string;
  database: string;
  /** Present when the stand-in is used (outage tests stop and start it). */
  standin: MongoStandin | null;
  /** A client of the test's own, to reach into stored documents as someone with database access could. */
  client: MongoClient;
  close(): Promise<void>;
}

const TEST_DATABASE_PREFIX = "roispectrum_audit_test_";

function withDatabase(uri: string, database: string): string {
  const url = new URL(uri);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function startAuditMongo(options: { requireStandin?: boolean } = {}): Promise<AuditMongo> {
  const database = `${TEST_DATABASE_PREFIX}${randomBytes(4).toString("hex")}`;
  const realUri = options.requireStandin ? undefined : process.env.MONGODB_TEST_URI;
  const standin = realUri ? null : await startMongoStandin({ port: 0, ttlMonitorIntervalMs: 100 });
  const uri = withDatabase(realUri ?? standin!.uri, database);
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, retryWrites: false });
  return {
    uri,
    database,
    standin,
    client,
    async close() {
      // Only ever the uniquely named database this helper made.
      if (realUri && database.startsWith(TEST_DATABASE_PREFIX)) await client.db(database).dropDatabase();
      await client.close();
      await standin?.close();
    },
  };
}
