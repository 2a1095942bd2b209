// Development/test stand-in for Upstash's REST API in front of a real Redis, so the production
// client (@upstash/redis) runs unchanged locally. Production talks to real Upstash; nothing in
// app/ or lib/ imports this file.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis as IORedis, type RedisOptions } from "ioredis";

export interface UpstashBridgeOptions {
  port?: number;
  host?: string;
  redisUrl?: string;
  token: string;
}

export interface UpstashBridge {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Arg = string | Buffer;
type Command = [name: string, ...args: Arg[]];
type Reply = Buffer | string | number | null | Error | Reply[];
type Outcome = { result: unknown } | { error: string };

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const HEALTH_TIMEOUT_MS = 1_000;

// Upstash speaks RESP2 shapes (HGETALL flat, ZSCORE a string); ioredis 6 defaults to RESP3.
// No offline queue and one retry: a request made while Redis is down fails fast (503) instead of hanging.
const REDIS_OPTIONS: RedisOptions = {
  protocol: 2,
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 1_000,
  retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
};

// Always block the connection they run on.
const BLOCKING_COMMANDS = new Set([
  "BLPOP", "BRPOP", "BRPOPLPUSH", "BLMOVE", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP", "WAIT", "WAITAOF",
]);
// They change the state of the connection they run on, which the bridge shares between requests.
const CONNECTION_STATE_COMMANDS = new Set([
  "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR",
  "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH", "SELECT", "SWAPDB", "QUIT", "RESET", "HELLO", "AUTH",
  "SYNC", "PSYNC", "REPLCONF",
]);

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sha1Hex(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Redis 7.0 refuses the `allow-key-locking` shebang flag that Upstash accepts and @upstash/ratelimit sends. */
export function stripUnsupportedScriptFlags(script: string): string {
  const shebang = /^#!lua[^\n]*/.exec(script);
  if (!shebang) return script;
  const rewritten = shebang[0].replace(/(\s)flags=(\S*)/, (_match, space: string, list: string) => {
    const kept = list.split(",").filter((flag) => flag !== "" && flag !== "allow-key-locking");
    return kept.length > 0 ? `${space}flags=${kept.join(",")}` : "";
  });
  return rewritten + script.slice(shebang[0].length);
}

/** Upstash base64-encodes every string in a reply when asked (`Upstash-Encoding: base64`); numbers and nulls stay. */
export function encodeReply(reply: Reply, isBase64: boolean): unknown {
  if (Buffer.isBuffer(reply)) return isBase64 ? reply.toString("base64") : reply.toString("utf8");
  if (typeof reply === "string") return isBase64 ? Buffer.from(reply, "utf8").toString("base64") : reply;
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, isBase64));
  if (reply instanceof Error) return { error: reply.message };
  return reply;
}

function isCommandPart(part: unknown): part is string | number | boolean {
  return typeof part === "string" || typeof part === "number" || typeof part === "boolean";
}

/** A JSON command such as ["SET", "k", "v"]; @upstash/redis sends numbers and booleans unquoted. */
function toCommand(value: unknown): Command | null {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isCommandPart)) return null;
  const [name, ...args] = value.map(String);
  return [name!.toUpperCase(), ...args];
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    throw new HttpError(400, "ERR failed to parse request body as JSON");
  }
}

function argText(arg: Arg | undefined): string {
  return arg === undefined ? "" : Buffer.isBuffer(arg) ? arg.toString("utf8") : arg;
}

function isBlocking([name, ...args]: Command): boolean {
  if (BLOCKING_COMMANDS.has(name)) return true;
  if (name !== "XREAD" && name !== "XREADGROUP") return false;
  // XREAD/XREADGROUP only block with a BLOCK option, which must come before STREAMS.
  for (const arg of args) {
    const option = argText(arg).toUpperCase();
    if (option === "STREAMS") return false;
    if (option === "BLOCK") return true;
  }
  return false;
}

function assertSupported([name, ...args]: Command): void {
  const isClientReply = name === "CLIENT" && argText(args[0]).toUpperCase() === "REPLY";
  if (CONNECTION_STATE_COMMANDS.has(name) || isClientReply) {
    throw new HttpError(400, `ERR command ${name} is not supported by the Upstash bridge`);
  }
}

/** Redis answered with an error (as opposed to the connection failing). */
function isReplyError(error: unknown): error is Error & { name: "ReplyError" } {
  return error instanceof Error && error.name === "ReplyError";
}

function isConnectionFailure(error: unknown): boolean {
  return error instanceof Error && !isReplyError(error) && !(error instanceof HttpError);
}

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  if (Number(request.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return null;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let isTooLarge = false;
    // After the limit the body is still drained (not stored), so the 413 reaches the client intact.
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (isTooLarge) return;
      if (size > MAX_BODY_BYTES) {
        isTooLarge = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(isTooLarge ? null : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out")), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** Starts the bridge; `port: 0` picks a free port. Resolves once Redis is connected or found unreachable. */
export async function startUpstashBridge(options: UpstashBridgeOptions): Promise<UpstashBridge> {
  const host = options.host ?? "127.0.0.1";
  const redisUrl = options.redisUrl ?? "redis://127.0.0.1:6379";
  const expectedToken = sha256(options.token);
  const shared = new IORedis(redisUrl, REDIS_OPTIONS);
  shared.on("error", () => undefined); // reported per request as 503
  await shared.connect().catch(() => undefined);
  const dedicated = new Set<IORedis>();
  // sha1 of a script as the client sent it -> sha1 of the stripped script Redis stored
  const strippedShas = new Map<string, string>();

  function isAuthorized(request: IncomingMessage): boolean {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? "");
    // Digests have equal length, so timingSafeEqual never throws and leaks no length.
    return match !== null && timingSafeEqual(sha256(match[1]!), expectedToken);
  }

  function stripScript(script: string): string {
    const stripped = stripUnsupportedScriptFlags(script);
    if (stripped !== script) strippedShas.set(sha1Hex(script), sha1Hex(stripped));
    return stripped;
  }

  /** Rewrites script commands so EVALSHA with the client's own sha1 reaches the stripped script. */
  function rewrite(command: Command): Command {
    const [name, ...args] = command;
    const first = argText(args[0]);
    const translate = (sha: Arg) => strippedShas.get(argText(sha)) ?? sha;
    if ((name === "EVAL" || name === "EVAL_RO") && args.length > 0) return [name, stripScript(first), ...args.slice(1)];
    if (name === "EVALSHA" || name === "EVALSHA_RO") return [name, ...args.map((arg, index) => (index === 0 ? translate(arg) : arg))];
    if (name === "SCRIPT" && first.toUpperCase() === "LOAD" && args.length === 2) return [name, "LOAD", stripScript(argText(args[1]))];
    if (name === "SCRIPT" && first.toUpperCase() === "EXISTS") return [name, "EXISTS", ...args.slice(1).map(translate)];
    return command;
  }

  async function run(connection: IORedis, command: Command): Promise<Reply> {
    // Upper-case names also keep ioredis' reply transformers (keyed by lower-case name) out of the way.
    const [name, ...args] = rewrite(command);
    const reply = (await connection.callBuffer(name, ...args)) as Reply;
    const [, subcommand, script] = command;
    // Upstash returns the sha1 of the script as sent, which is what the client computes and caches.
    if (name === "SCRIPT" && argText(subcommand).toUpperCase() === "LOAD") return Buffer.from(sha1Hex(argText(script)));
    return reply;
  }

  /** Runs on a connection of its own, dropped when done or when the HTTP client goes away. */
  async function withDedicatedConnection<T>(response: ServerResponse, work: (connection: IORedis) => Promise<T>): Promise<T> {
    const connection = new IORedis(redisUrl, { ...REDIS_OPTIONS, retryStrategy: () => null });
    connection.on("error", () => undefined);
    dedicated.add(connection);
    const dropConnection = () => connection.disconnect();
    response.on("close", dropConnection);
    try {
      await connection.connect();
      return await work(connection);
    } finally {
      response.off("close", dropConnection);
      dedicated.delete(connection);
      connection.disconnect();
    }
  }

  async function runPipeline(connection: IORedis, commands: Command[]): Promise<Outcome[]> {
    // Sent back to back on one connection, so Redis runs them in order; each fails on its own.
    const settled = await Promise.allSettled(commands.map((command) => run(connection, command)));
    return settled.map((outcome) => {
      if (outcome.status === "fulfilled") return { result: outcome.value };
      if (isConnectionFailure(outcome.reason)) throw outcome.reason;
      return { error: outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason) };
    });
  }

  async function runTransaction(commands: Command[]): Promise<Outcome[]> {
    const transaction = shared.multi();
    for (const command of commands) {
      const [name, ...args] = rewrite(command);
      transaction.callBuffer(name, ...args);
    }
    let results: [error: Error | null, reply: unknown][] | null;
    try {
      results = await transaction.exec();
    } catch (error) {
      // EXECABORT: a command was rejected while queueing, so nothing ran.
      const previous: unknown = isReplyError(error) ? Reflect.get(error, "previousErrors") : undefined;
      const first: unknown = Array.isArray(previous) ? previous[0] : undefined;
      if (isReplyError(error) && first instanceof Error) throw new HttpError(400, `${error.message} ${first.message}`);
      throw error;
    }
    if (results === null) throw new HttpError(400, "EXECABORT Transaction discarded");
    return results.map(([error, reply], index) => {
      if (error) return { error: error.message };
      const [name, subcommand, script] = commands[index]!;
      // As in run(): Upstash answers SCRIPT LOAD with the sha1 of the script as the client sent it.
      if (argText(name).toUpperCase() === "SCRIPT" && argText(subcommand).toUpperCase() === "LOAD") {
        return { result: Buffer.from(sha1Hex(argText(script))) };
      }
      return { result: reply };
    });
  }

  async function execute(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<unknown> {
    const body = await readBody(request);
    if (body === null) throw new HttpError(413, "ERR request body exceeds 10 MB");
    const isBase64 = String(request.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const encodeOutcomes = (outcomes: Outcome[]) =>
      outcomes.map((outcome) => ("result" in outcome ? { result: encodeReply(outcome.result as Reply, isBase64) } : outcome));

    if (pathname === "/pipeline" || pathname === "/multi-exec") {
      const parsed = parseJson(body);
      const commands = Array.isArray(parsed) ? parsed.map(toCommand) : [null];
      if (commands.length === 0 || !commands.every((command) => command !== null)) {
        throw new HttpError(400, "ERR request body must be a non-empty array of command arrays");
      }
      commands.forEach(assertSupported);
      if (pathname === "/multi-exec") return encodeOutcomes(await runTransaction(commands));
      const outcomes = commands.some(isBlocking)
        ? await withDedicatedConnection(response, (connection) => runPipeline(connection, commands))
        : await runPipeline(shared, commands);
      return encodeOutcomes(outcomes);
    }

    let command: Command | null;
    if (pathname === "/") {
      command = toCommand(parseJson(body));
      if (command === null) throw new HttpError(400, 'ERR request body must be a command array such as ["GET","key"]');
    } else {
      // Path form, e.g. /set/key/value; a request body is the last argument (binary-safe).
      const segments = pathname.slice(1).split("/").map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          throw new HttpError(400, "ERR malformed percent-encoding in path");
        }
      });
      if (segments.at(-1) === "") segments.pop();
      const [name, ...args] = segments;
      command = [name!.toUpperCase(), ...args, ...(body.length > 0 ? [body] : [])];
    }
    assertSupported(command);
    const reply = isBlocking(command)
      ? await withDedicatedConnection(response, (connection) => run(connection, command))
      : await run(shared, command);
    return { result: encodeReply(reply, isBase64) };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      if (response.headersSent || response.destroyed) return;
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const { pathname } = new URL(request.url ?? "/", "http://bridge");
    if (pathname === "/health") {
      const isUp = await withTimeout(shared.ping(), HEALTH_TIMEOUT_MS).then(() => true, () => false);
      return send(isUp ? 200 : 503, isUp ? { ok: true } : { ok: false, error: "Redis is unavailable" });
    }
    if (!isAuthorized(request)) return send(401, { error: "Unauthorized" });
    try {
      send(200, await execute(request, response, pathname));
    } catch (error) {
      if (error instanceof HttpError) return send(error.status, { error: error.message });
      if (isReplyError(error)) return send(400, { error: error.message });
      const reason = error instanceof Error ? error.message : String(error);
      send(503, { error: `Redis is unavailable: ${reason}` });
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 8079, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    shared.disconnect();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const connection of dedicated) connection.disconnect();
        shared.disconnect();
      });
      return closing;
    },
  };
}
