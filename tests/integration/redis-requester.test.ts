import { createServer, request as httpRequest, type Server } from "node:http";
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
// Forwards to the bridge and records the path of every request it passes on.
let proxy: Server;
let proxyUrl: string;
const proxied: string[] = [];

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
  const bridge = new URL(process.env.UPSTASH_REDIS_REST_URL!);
  proxy = createServer((incoming, outgoing) => {
    proxied.push(incoming.url ?? "");
    const forward = httpRequest({ host: bridge.hostname, port: bridge.port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const server of [silent, proxy]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
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

  describe("auto-pipelining", () => {
    it("sends the commands of one event-loop turn as one pipeline, each with its own answer", async () => {
      const redis = clientFor(proxyUrl);
      await redis.set(key("seed"), "41", { ex: 60 });
      proxied.length = 0;
      const [incremented, text, missing] = await Promise.all([redis.incr(key("seed")), redis.set(key("t"), "x", { ex: 60 }), redis.get(key("none"))]);
      expect([incremented, text, missing]).toEqual([42, "OK", null]);
      expect(proxied).toEqual(["/pipeline"]);
    });

    it("fails only the command Redis refused; its neighbours still succeed", async () => {
      const redis = clientFor(proxyUrl);
      await redis.set(key("word"), "not a number", { ex: 60 });
      proxied.length = 0;
      const [failed, counted] = await Promise.allSettled([redis.incr(key("word")), redis.incr(key("counter"))]);
      expect(failed.status).toBe("rejected");
      expect(String((failed as PromiseRejectedResult).reason)).toMatch(/not an integer/);
      expect(counted).toEqual({ status: "fulfilled", value: 1 });
      expect(proxied).toEqual(["/pipeline"]);
      // Its error names its own command only, never the others of the batch.
      expect(String((failed as PromiseRejectedResult).reason)).not.toContain(key("counter"));
    });

    it("sends each command alone when the server refuses the batch as a whole, so only the one at fault fails", async () => {
      const requester = createNodeHttpRequester({ url: proxyUrl, token: process.env.UPSTASH_REDIS_REST_TOKEN!, retries: 0, backoffMs: 10, timeoutMs: 2_000 });
      proxied.length = 0;
      // The bridge, like Upstash, refuses a request holding a connection-state command such as MULTI.
      const [refused, counted] = await Promise.allSettled([requester.request({ body: ["MULTI"] }), requester.request({ body: ["INCR", key("alone")] })]);
      expect(refused.status).toBe("rejected");
      expect(String((refused as PromiseRejectedResult).reason)).toMatch(/MULTI/);
      expect(counted).toEqual({ status: "fulfilled", value: { result: 1 } });
      expect(proxied).toEqual(["/pipeline", "/", "/"]);
    });

    it("fails an unknown script with NOSCRIPT in Redis's words, as a lone EVALSHA does (@upstash/ratelimit then sends EVAL)", async () => {
      const redis = clientFor(proxyUrl);
      proxied.length = 0;
      const [script, plain] = await Promise.allSettled([redis.evalsha("0".repeat(40), [], []), redis.incr(key("beside-script"))]);
      expect(String((script as PromiseRejectedResult).reason)).toMatch(/NOSCRIPT/);
      expect(plain).toEqual({ status: "fulfilled", value: 1 });
      expect(proxied).toEqual(["/pipeline"]);
    });

    it("sends a lone command, and commands separated by I/O, as plain requests", async () => {
      const redis = clientFor(proxyUrl);
      proxied.length = 0;
      await redis.set(key("a"), "1", { ex: 60 });
      expect(await redis.get(key("a"))).toBe(1);
      expect(proxied).toEqual(["/", "/"]);
    });

    it("keeps explicit pipelines and transactions as they are", async () => {
      const redis = clientFor(proxyUrl);
      proxied.length = 0;
      const [inPipeline, inTransaction] = await Promise.all([redis.pipeline().incr(key("p")).exec(), redis.multi().incr(key("m")).exec()]);
      expect([inPipeline, inTransaction]).toEqual([[1], [1]]);
      expect(proxied.sort()).toEqual(["/multi-exec", "/pipeline"]);
    });

    it("can be turned off", async () => {
      const redis = clientFor(proxyUrl, { isCoalescing: false });
      proxied.length = 0;
      await Promise.all([redis.incr(key("off")), redis.incr(key("off"))]);
      expect(proxied).toEqual(["/", "/"]);
    });

    it("fails every command of a batch whose request fails", async () => {
      const redis = clientFor("http://127.0.0.1:1", { retries: 0 });
      const outcomes = await Promise.allSettled([redis.get(key("x")), redis.get(key("y"))]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
      expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/ECONNREFUSED/);
    });
  });
});
