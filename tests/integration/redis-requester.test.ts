import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "@upstash/redis";
import { createNodeHttpRequester } from "@/lib/redis/node-http-requester";

// The node:http transport under @upstash/redis, against the local Upstash bridge (real Redis behind it).

const run = randomBytes(4).toString("hex");
const key = (name: string) => `rs:test:requester:${run}:${name}`;
let silent: Server;
let silentUrl: string;

function clientFor(url: string, overrides: Partial<Parameters<typeof createNodeHttpRequester>[0]> = {}): Redis {
  return new Redis(createNodeHttpRequester({
    url, token: process.env.UPSTASH_REDIS_REST_TOKEN!, retries: 1, backoffMs: 10, timeoutMs: 2_000, ...overrides,
  }));
}

beforeAll(async () => {
  // Accepts requests and never answers.
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});

afterAll(async () => {
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
});

describe("the node:http Upstash requester", () => {
  it("round-trips JSON values with non-ASCII text, and pipelines", async () => {
    const redis = clientFor(process.env.UPSTASH_REDIS_REST_URL!);
    const value = { name: "Café 漢字 🙂", amount: 12_345 };
    await redis.set(key("json"), value, { ex: 60 });
    expect(await redis.get(key("json"))).toEqual(value);
    const [one, two] = await redis.pipeline().incr(key("n")).incr(key("n")).exec();
    expect([one, two]).toEqual([1, 2]);
  });

  it("throws Redis's own error text for a failed command", async () => {
    const redis = clientFor(process.env.UPSTASH_REDIS_REST_URL!);
    await redis.set(key("text"), "not a number", { ex: 60 });
    await expect(redis.incr(key("text"))).rejects.toThrow(/not an integer/);
  });

  it("fails after its retry when nothing listens", async () => {
    const redis = clientFor("http://127.0.0.1:1");
    await expect(redis.get(key("x"))).rejects.toThrow(/ECONNREFUSED/);
  });

  it("fails when the server never answers, instead of hanging", async () => {
    const redis = clientFor(silentUrl, { retries: 0, timeoutMs: 200 });
    await expect(redis.get(key("x"))).rejects.toThrow(/timed out after 200 ms/);
  });
});
