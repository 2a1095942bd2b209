// The production client (@upstash/redis, @upstash/ratelimit) against the bridge and the real Redis.
import { createHash, randomUUID } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { Redis as IORedis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstashBridge, stripUnsupportedScriptFlags, type UpstashBridge } from "./server";

// Database 1 is the tests' Redis database (tests/setup/test-env.ts); keys are unique per run, never flushed.
const REDIS_URL = process.env.UPSTASH_BRIDGE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379/1";
const TOKEN = `bridge-test-token-${randomUUID()}`;
const PREFIX = `upstash-bridge-test:${randomUUID()}:`;

let bridge: UpstashBridge;
let direct: IORedis;
let keyCounter = 0;

/** A key no other test or test file uses. */
function uniqueKey(label: string): string {
  keyCounter += 1;
  return `${PREFIX}${label}:${keyCounter}`;
}

function clientFor(options: { enableAutoPipelining?: boolean; token?: string } = {}): Redis {
  return new Redis({
    url: bridge.url,
    token: options.token ?? TOKEN,
    enableAutoPipelining: options.enableAutoPipelining ?? false,
    enableTelemetry: false,
    retry: false,
  });
}

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${bridge.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
    body,
  });
}

function sha1Hex(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}

beforeAll(async () => {
  bridge = await startUpstashBridge({ port: 0, redisUrl: REDIS_URL, token: TOKEN });
  direct = new IORedis(REDIS_URL, { protocol: 2 });
});

afterAll(async () => {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await direct.scan(cursor, "MATCH", `${PREFIX}*`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  if (keys.length > 0) await direct.del(...keys);
  direct.disconnect();
  await bridge?.close();
});

describe.each([
  ["single-command requests (POST /)", false],
  ["auto-pipelined requests (POST /pipeline)", true],
])("@upstash/redis data commands through %s", (_label, enableAutoPipelining) => {
  let redis: Redis;
  beforeAll(() => {
    redis = clientFor({ enableAutoPipelining });
  });

  it("round-trips strings, JSON objects and unicode text", async () => {
    const text = uniqueKey("text");
    const json = uniqueKey("json");
    const unicode = uniqueKey("unicode");
    const unicodeValue = "zażółć gęślą jaźń – 日本語 – 🚀 – \u0000\u0007 tail";

    expect(await redis.set(text, "hello world")).toBe("OK");
    expect(await redis.get<string>(text)).toBe("hello world");
    expect(await redis.set(json, { plan: "pro", seats: 3, tags: ["a", "b"] })).toBe("OK");
    expect(await redis.get(json)).toEqual({ plan: "pro", seats: 3, tags: ["a", "b"] });
    await redis.set(unicode, unicodeValue);
    expect(await redis.get<string>(unicode)).toBe(unicodeValue);
    // What the client sent is what Redis holds: the bridge adds no encoding of its own.
    expect(await direct.get(json)).toBe('{"plan":"pro","seats":3,"tags":["a","b"]}');
    expect(await direct.get(unicode)).toBe(unicodeValue);
    expect(await redis.get(uniqueKey("missing"))).toBeNull();
  });

  it("increments counters and applies expiry", async () => {
    const counter = uniqueKey("counter");
    expect(await redis.incr(counter)).toBe(1);
    expect(await redis.incrby(counter, 41)).toBe(42);
    expect(await redis.ttl(counter)).toBe(-1);
    expect(await redis.expire(counter, 100)).toBe(1);
    const ttl = await redis.ttl(counter);
    expect(ttl).toBeGreaterThan(90);
    expect(ttl).toBeLessThanOrEqual(100);
    expect(await direct.pttl(counter)).toBeGreaterThan(90_000);
  });

  it("reads and writes hashes", async () => {
    const hash = uniqueKey("hash");
    expect(await redis.hset(hash, { name: "Acme", seats: 5, meta: { tier: "gold" } })).toBe(3);
    expect(await redis.hget<string>(hash, "name")).toBe("Acme");
    expect(await redis.hincrby(hash, "seats", 2)).toBe(7);
    expect(await redis.hgetall(hash)).toEqual({ name: "Acme", seats: 7, meta: { tier: "gold" } });
    expect(await redis.hdel(hash, "meta")).toBe(1);
    expect(await redis.hlen(hash)).toBe(2);
    expect(await direct.hgetall(hash)).toEqual({ name: "Acme", seats: "7" });
  });

  it("surfaces a Redis error as a thrown error", async () => {
    const text = uniqueKey("not-a-number");
    await redis.set(text, "abc");
    await expect(redis.incr(text)).rejects.toThrow(/ERR value is not an integer/);
    await expect(redis.lpush(text, "x")).rejects.toThrow(/WRONGTYPE/);
  });
});

describe("byte-exact encoding of replies", () => {
  it("base64-encodes every bulk string, nested ones too, when the client asks for it", async () => {
    const binary = uniqueKey("binary");
    const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x22, 0x5c, 0x7f]);
    await direct.set(binary, bytes);

    const single = await post("/", JSON.stringify(["GET", binary]), { "upstash-encoding": "base64" });
    expect(single.status).toBe(200);
    const { result } = (await single.json()) as { result: string };
    expect(Buffer.from(result, "base64").equals(bytes)).toBe(true);

    const list = uniqueKey("list");
    await direct.rpush(list, "één", "2");
    const nested = await post("/", JSON.stringify(["LRANGE", list, "0", "-1"]), { "upstash-encoding": "base64" });
    expect(await nested.json()).toEqual({
      result: [Buffer.from("één").toString("base64"), Buffer.from("2").toString("base64")],
    });
    // Integers stay JSON numbers, missing values stay null.
    const mixed = await post("/pipeline", JSON.stringify([["LLEN", list], ["GET", uniqueKey("missing")]]), {
      "upstash-encoding": "base64",
    });
    expect(await mixed.json()).toEqual([{ result: 2 }, { result: null }]);
  });

  it("returns plain UTF-8 strings without the Upstash-Encoding header", async () => {
    const key = uniqueKey("plain");
    await direct.set(key, "naïve ☕");
    const response = await post("/", JSON.stringify(["GET", key]));
    expect(await response.json()).toEqual({ result: "naïve ☕" });
  });

  it("accepts the path form, URL-decoding segments and taking a POST body as the last argument", async () => {
    const key = uniqueKey("path form/with space");
    const set = await fetch(`${bridge.url}/set/${encodeURIComponent(key)}/${encodeURIComponent("a b/c")}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await set.json()).toEqual({ result: "OK" });
    expect(await direct.get(key)).toBe("a b/c");

    const bytes = Buffer.from([0x00, 0x01, 0xc3, 0x28, 0xff]);
    const posted = await fetch(`${bridge.url}/set/${encodeURIComponent(key)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: bytes,
    });
    expect(posted.status).toBe(200);
    expect((await direct.getBuffer(key))?.equals(bytes)).toBe(true);
  });
});

describe("pipelines and transactions", () => {
  it("runs pipeline commands independently, so one failure leaves the others applied", async () => {
    const redis = clientFor();
    const text = uniqueKey("pipeline-text");
    const counter = uniqueKey("pipeline-counter");

    const pipeline = redis.pipeline().set(text, "abc").incr(text).incr(counter).get(text);
    const results = await pipeline.exec({ keepErrors: true });
    expect(results.map((entry) => entry.error ?? null)).toEqual([
      null,
      expect.stringMatching(/ERR value is not an integer/),
      null,
      null,
    ]);
    expect(results.map((entry) => entry.result)).toEqual(["OK", undefined, 1, "abc"]);
    expect(await direct.get(counter)).toBe("1");

    await expect(redis.pipeline().incr(text).incr(counter).exec()).rejects.toThrow(/not an integer/);
    expect(await direct.get(counter)).toBe("2");
  });

  it("runs multi-exec as one transaction and returns each command's outcome", async () => {
    const redis = clientFor();
    const counter = uniqueKey("tx-counter");
    const text = uniqueKey("tx-text");
    const results = await redis.multi().set(counter, 10).incr(counter).set(text, "x").get(text).exec();
    expect(results).toEqual(["OK", 11, "OK", "x"]);

    const withRuntimeError = await redis.multi().incr(counter).lpush(text, "y").incr(counter).exec({ keepErrors: true });
    expect(withRuntimeError.map((entry) => entry.error ?? null)).toEqual([null, expect.stringMatching(/WRONGTYPE/), null]);
    expect(await direct.get(counter)).toBe("13");
  });

  it("rejects a transaction that Redis aborts, applying none of it", async () => {
    const key = uniqueKey("tx-aborted");
    const response = await post("/multi-exec", JSON.stringify([["SET", key, "1"], ["INCR"]]));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/EXECABORT/);
    expect(await direct.exists(key)).toBe(0);
  });
});

describe("Lua scripts", () => {
  const redis = () => clientFor();

  it("evaluates a script with keys and arguments", async () => {
    const key = uniqueKey("lua");
    await direct.set(key, "stored");
    const result = await redis().eval<[string], unknown>(
      "return {KEYS[1], ARGV[1], redis.call('GET', KEYS[1]), 42}",
      [key],
      ["arg"],
    );
    expect(result).toEqual([key, "arg", "stored", 42]);
  });

  it("loads a script and runs it by the sha1 the client computes", async () => {
    const script = `return '${randomUUID()}'`;
    const sha = await redis().scriptLoad(script);
    expect(sha).toBe(sha1Hex(script));
    expect(await redis().evalsha(sha, [], [])).toBe(script.slice(8, -1));
  });

  it("accepts the allow-key-locking shebang flag that Redis 7.0 rejects", async () => {
    const key = uniqueKey("locked");
    const script = `#!lua flags=allow-key-locking\nreturn redis.call('INCRBY', KEYS[1], ARGV[1]) -- ${randomUUID()}`;
    expect(await redis().eval(script, [key], [5])).toBe(5);

    const sha = await redis().scriptLoad(script);
    expect(sha).toBe(sha1Hex(script));
    expect(await redis().scriptExists(sha)).toEqual([1]);
    expect(await redis().evalsha(sha, [key], [2])).toBe(7);

    // Inside MULTI/EXEC too, SCRIPT LOAD answers with the sha1 of the text the client sent.
    const transaction = redis().multi();
    transaction.scriptLoad(script);
    expect(await transaction.exec()).toEqual([sha1Hex(script)]);

    const readOnly = `#!lua flags=no-writes,allow-key-locking\nreturn redis.call('GET', KEYS[1]) -- ${randomUUID()}`;
    expect(await redis().evalRo(readOnly, [key], [])).toBe(7);
  });

  it("strips only the allow-key-locking flag", () => {
    expect(stripUnsupportedScriptFlags("#!lua flags=allow-key-locking\nreturn 1")).toBe("#!lua\nreturn 1");
    expect(stripUnsupportedScriptFlags("#!lua flags=no-writes,allow-key-locking\nreturn 1")).toBe(
      "#!lua flags=no-writes\nreturn 1",
    );
    expect(stripUnsupportedScriptFlags("#!lua name=x flags=allow-key-locking,no-cluster\nreturn 1")).toBe(
      "#!lua name=x flags=no-cluster\nreturn 1",
    );
    expect(stripUnsupportedScriptFlags("return 'flags=allow-key-locking'")).toBe("return 'flags=allow-key-locking'");
  });
});

describe("streams", () => {
  it("supports a consumer group: XADD, XGROUP CREATE, XREADGROUP, XPENDING, XAUTOCLAIM, XACK", async () => {
    const redis = clientFor();
    const stream = uniqueKey("stream");
    const group = "billing";

    const firstId = await redis.xadd(stream, "*", { event: "invoice.paid", amount: "1999" });
    const secondId = await redis.xadd(stream, "*", { event: "invoice.voided", amount: "0" });
    expect(firstId).toMatch(/^\d+-\d+$/);
    expect(await redis.xgroup(stream, { type: "CREATE", group, id: "0" })).toBe("OK");

    const read = await redis.xreadgroup(group, "workerA", stream, ">", { count: 10 });
    expect(read).toEqual([
      [
        stream,
        [
          [firstId, ["event", "invoice.paid", "amount", 1999]],
          [secondId, ["event", "invoice.voided", "amount", 0]],
        ],
      ],
    ]);

    const pending = await redis.xpending(stream, group, "-", "+", 10);
    expect(pending).toEqual([
      [firstId, "workerA", expect.any(Number), 1],
      [secondId, "workerA", expect.any(Number), 1],
    ]);

    expect(await redis.xack(stream, group, firstId)).toBe(1);
    const claimed = await redis.xautoclaim(stream, group, "workerB", 0, "0-0", { count: 10 });
    expect(claimed[0]).toBe("0-0");
    expect(claimed[1]).toEqual([[secondId, ["event", "invoice.voided", "amount", 0]]]);

    const afterClaim = await redis.xpending(stream, group, "-", "+", 10);
    expect(afterClaim).toEqual([[secondId, "workerB", expect.any(Number), 2]]);
    expect(await redis.xack(stream, group, secondId)).toBe(1);
    expect(await direct.xpending(stream, group)).toEqual([0, null, null, null]);
  });

  it("runs a blocking read on its own connection, so other requests are not held up", async () => {
    const stream = uniqueKey("blocking-stream");
    await direct.xgroup("CREATE", stream, "g", "$", "MKSTREAM");
    const blocked = post(
      "/",
      JSON.stringify(["XREADGROUP", "GROUP", "g", "c", "BLOCK", "5000", "STREAMS", stream, ">"]),
    ).then((response) => response.json());

    const started = Date.now();
    const key = uniqueKey("meanwhile");
    expect(await clientFor().set(key, "ok")).toBe("OK");
    expect(Date.now() - started).toBeLessThan(1_000);

    await new Promise((resolve) => setTimeout(resolve, 100));
    const id = await direct.xadd(stream, "*", "event", "late");
    expect(await blocked).toEqual({ result: [[stream, [[id, ["event", "late"]]]]] });
  });
});

describe("@upstash/ratelimit", () => {
  it("limits with a sliding window", async () => {
    const ratelimit = new Ratelimit({
      redis: clientFor(),
      limiter: Ratelimit.slidingWindow(3, "60 s"),
      prefix: uniqueKey("ratelimit-sliding"),
      ephemeralCache: false,
    });
    const outcomes = [];
    for (let attempt = 0; attempt < 5; attempt += 1) outcomes.push(await ratelimit.limit("tenant-a"));
    expect(outcomes.map((outcome) => outcome.success)).toEqual([true, true, true, false, false]);
    expect(outcomes.map((outcome) => outcome.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect((await ratelimit.limit("tenant-b")).success).toBe(true);
  });

  it("limits with a fixed window", async () => {
    const ratelimit = new Ratelimit({
      redis: clientFor({ enableAutoPipelining: true }),
      limiter: Ratelimit.fixedWindow(2, "60 s"),
      prefix: uniqueKey("ratelimit-fixed"),
      ephemeralCache: false,
    });
    const outcomes = [];
    for (let attempt = 0; attempt < 4; attempt += 1) outcomes.push(await ratelimit.limit("tenant-a"));
    expect(outcomes.map((outcome) => outcome.success)).toEqual([true, true, false, false]);
    expect((await ratelimit.getRemaining("tenant-a")).remaining).toBe(0);
  });
});

describe("authentication and request validation", () => {
  it("rejects a missing or wrong token with 401", async () => {
    const body = JSON.stringify(["PING"]);
    const missing = await fetch(bridge.url, { method: "POST", body });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: "Unauthorized" });

    const sameLength = TOKEN.replace(/.$/, (last) => (last === "x" ? "y" : "x"));
    for (const token of ["wrong", sameLength, `${TOKEN}x`]) {
      const response = await fetch(bridge.url, { method: "POST", body, headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
    }
    const basic = await fetch(bridge.url, { method: "POST", body, headers: { authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
    await expect(clientFor({ token: "wrong" }).get(uniqueKey("any"))).rejects.toThrow(/Unauthorized/);
  });

  it("answers 400 to malformed JSON or a body that is not a command array", async () => {
    for (const [path, body] of [
      ["/", "{not json"],
      ["/", JSON.stringify({ command: "GET" })],
      ["/", "[]"],
      ["/", JSON.stringify(["SET", { nested: true }])],
      ["/pipeline", "[[\"PING\"],"],
      ["/pipeline", JSON.stringify(["PING"])],
      ["/multi-exec", JSON.stringify([])],
    ] as const) {
      const response = await post(path, body);
      expect(response.status, `${path} ${body}`).toBe(400);
      expect(typeof ((await response.json()) as { error: unknown }).error).toBe("string");
    }
  });

  it("answers 400 with Redis' error for an unknown command", async () => {
    const response = await post("/", JSON.stringify(["NOSUCHCOMMAND", "x"]));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^ERR unknown command/);
  });

  it("refuses commands that would change the shared connection's state", async () => {
    const key = uniqueKey("selected-db");
    await clientFor().set(key, "db1");
    for (const command of [["SELECT", "0"], ["MULTI"], ["SUBSCRIBE", "x"], ["CLIENT", "REPLY", "OFF"]]) {
      expect((await post("/", JSON.stringify(command))).status).toBe(400);
    }
    expect((await post("/multi-exec", JSON.stringify([["SELECT", "0"]]))).status).toBe(400);
    expect(await clientFor().get(key)).toBe("db1");
  });

  it("answers 413 to a body over 10 MB", async () => {
    const oversized = JSON.stringify(["SET", uniqueKey("huge"), "x".repeat(10 * 1024 * 1024)]);
    const response = await post("/", oversized);
    expect(response.status).toBe(413);
  });
});

describe("health and Redis outages", () => {
  it("reports healthy without a token while Redis answers", async () => {
    const response = await fetch(`${bridge.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("answers 503 quickly when Redis is unreachable", async () => {
    const unreachable = await startUpstashBridge({ port: 0, redisUrl: "redis://127.0.0.1:1", token: TOKEN });
    try {
      const started = Date.now();
      const health = await fetch(`${unreachable.url}/health`);
      expect(health.status).toBe(503);
      for (const [path, body] of [
        ["/", JSON.stringify(["GET", "k"])],
        ["/pipeline", JSON.stringify([["GET", "k"]])],
        ["/multi-exec", JSON.stringify([["GET", "k"]])],
      ] as const) {
        const response = await fetch(`${unreachable.url}${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${TOKEN}` },
          body,
        });
        expect(response.status).toBe(503);
        expect(((await response.json()) as { error: string }).error).toMatch(/Redis is unavailable/);
      }
      const client = new Redis({ url: unreachable.url, token: TOKEN, retry: false, enableTelemetry: false });
      await expect(client.get("k")).rejects.toThrow(/Redis is unavailable/);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await unreachable.close();
    }
  });
});
