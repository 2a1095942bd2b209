// npx tsx devtools/mongo-standin/cli.mts — a local MongoDB stand-in for development.
// Env: MONGO_STANDIN_PORT (27018), MONGO_STANDIN_SNAPSHOT (.data/mongo-standin.json; empty = in memory only).
import { startMongoStandin } from "./server.ts";

const port = Number(process.env.MONGO_STANDIN_PORT ?? 27018);
const snapshotPath = process.env.MONGO_STANDIN_SNAPSHOT ?? ".data/mongo-standin.json";

if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`MONGO_STANDIN_PORT must be a port number, got ${process.env.MONGO_STANDIN_PORT}`);
  process.exit(1);
}

const standin = await startMongoStandin({ port, snapshotPath: snapshotPath === "" ? undefined : snapshotPath });
console.log(`mongo stand-in listening on ${standin.uri}${snapshotPath ? ` (snapshot ${snapshotPath})` : ""}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    // close() writes the snapshot before the process ends.
    void standin.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("mongo stand-in: shutdown failed", error);
        process.exit(1);
      },
    );
  });
}
