// npx tsx devtools/upstash-bridge/cli.mts — run the bridge on its own (npm run dev also starts one).
import { startUpstashBridge } from "./server.ts";

const port = Number(process.env.UPSTASH_BRIDGE_PORT ?? 8079);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const token = process.env.UPSTASH_REDIS_REST_TOKEN ?? "dev-only-upstash-token";

if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`UPSTASH_BRIDGE_PORT must be a port number, got ${process.env.UPSTASH_BRIDGE_PORT}`);
  process.exit(1);
}

const bridge = await startUpstashBridge({ port, redisUrl, token });
console.log(`upstash bridge listening on ${bridge.url} -> ${redisUrl}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void bridge.close().then(() => process.exit(0));
  });
}
