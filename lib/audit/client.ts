import { MongoClient, type Db } from "mongodb";
import { getConfig } from "@/lib/config";

// The only MongoClient in the app. Short timeouts: an audit write waits at most ~2 s for an
// unreachable server before the event is parked in Redis, so a user's action never hangs on audit.
// retryWrites is off because retryable writes need sessions a standalone server (and the local
// stand-in) refuses; the chain's unique (tenantId, seq) index makes our own retries safe instead.

const globalForMongo = globalThis as unknown as { roiAuditMongo?: { uri: string; client: MongoClient } };

const DEFAULT_DATABASE = "roispectrum";

/** The database named in MONGODB_URI (e.g. mongodb://host/roispectrum), or "roispectrum". */
export function auditDatabaseName(uri = getConfig().MONGODB_URI): string {
  const path = decodeURIComponent(new URL(uri).pathname.replace(/^\//, ""));
  return path === "" ? DEFAULT_DATABASE : path;
}

function getClient(): MongoClient {
  const uri = getConfig().MONGODB_URI;
  if (globalForMongo.roiAuditMongo?.uri !== uri) {
    const client = new MongoClient(uri, {
      appName: "roispectrum-audit",
      serverSelectionTimeoutMS: 2_000,
      connectTimeoutMS: 2_000,
      socketTimeoutMS: 15_000,
      retryWrites: false,
      ignoreUndefined: true,
      maxPoolSize: 20,
    });
    globalForMongo.roiAuditMongo = { uri, client };
  }
  return globalForMongo.roiAuditMongo.client;
}

/** The audit database. The driver connects lazily, on the first operation. */
export function getAuditDb(): Db {
  return getClient().db(auditDatabaseName());
}

/** Closes the client (scripts and tests); the next getAuditDb() opens a new one. */
export async function closeAuditClient(): Promise<void> {
  const current = globalForMongo.roiAuditMongo;
  globalForMongo.roiAuditMongo = undefined;
  await current?.client.close();
}
