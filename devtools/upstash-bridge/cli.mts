// npx tsx devtools/upstash-bridge/cli.mts — run the bridge on its own (npm run dev starts it for you).
import { startUpstashBridge } from "./server.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const bridge = await startUpstashBridge({
  port: Number(process.env.UPSTASH_BRIDGE_PORT ?? 8079),
  redisUrl,
  token: process.env.UPSTASH_REDIS_REST_TOKEN ?? "dev-only-upstash-token",
});
console.log(`upstash bridge listening on ${bridge.url} -> ${redisUrl}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void bridge.close().then(() => process.exit(0)));
}
