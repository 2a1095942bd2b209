// Shared by the benchmarks: a production server against a given database, behind the Upstash bridge.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import { startUpstashBridge } from "../../devtools/upstash-bridge/server.ts";

export interface BenchServer {
  port: number;
  close(): Promise<void>;
}

export async function startBenchServer(env: Record<string, string>, port: number, redisUrl: string): Promise<BenchServer> {
  const bridge = await startUpstashBridge({ port: 0, redisUrl, token: env.UPSTASH_REDIS_REST_TOKEN! });
  const fullEnv = { ...process.env, ...env, UPSTASH_REDIS_REST_URL: bridge.url, NEXT_TELEMETRY_DISABLED: "1" };
  if (process.env.BENCH_SKIP_BUILD !== "1" || !existsSync(".next/BUILD_ID")) {
    const build = spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit", env: fullEnv });
    if (build.status !== 0) throw new Error("next build failed");
  }
  // BENCH_PROFILE_DIR=/tmp/prof writes a CPU profile of the server (open it in Chrome's DevTools).
  const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROFILE_DIR] : [];
  const server: ChildProcess = spawn(process.execPath, [...profile, "node_modules/next/dist/bin/next", "start", "-p", String(port)], { stdio: "ignore", env: fullEnv });
  for (let attempt = 0; attempt < 100; attempt++) {
    const isUp = await new Promise<boolean>((resolve) => {
      http.get({ port, path: "/", headers: { host: env.APP_ROOT_DOMAIN } }, (res) => { res.resume(); resolve(true); }).on("error", () => resolve(false));
    });
    if (isUp) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    port,
    close: async () => {
      server.kill("SIGTERM");
      await bridge.close();
    },
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One HTTP request to 127.0.0.1 with a Host header (Node cannot resolve *.localhost). Returns ms. */
export function timedRequest(port: number, options: { host: string; path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ ms: number; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const request = http.request(
      { agent, port, host: "127.0.0.1", path: options.path, method: options.method ?? "GET", headers: { host: options.host, ...options.headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
