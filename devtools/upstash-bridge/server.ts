// Development/test stand-in for Upstash's REST API in front of a real Redis, so the production
// client (@upstash/redis) is exactly what runs locally. Production never uses this file.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis as IORedis } from "ioredis";

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

type Command = (string | number)[];
type Reply = Buffer | string | number | null | Reply[] | Error;

const MAX_BODY_BYTES = 10 * 1024 * 1024;
// Commands that may block a connection; they get one of their own.
const BLOCKING = new Set(["BLPOP", "BRPOP", "BLMOVE", "BZPOPMIN", "BZPOPMAX", "XREAD", "XREADGROUP", "WAIT"]);

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

// Redis 7.0 refuses the `allow-key-locking` shebang flag that Upstash accepts (and @upstash/ratelimit sends).
function stripUnsupportedFlags(script: string): string {
  return script.replace(/^#!lua([^\n]*)/, (_line, rest: string) => {
    const flagsMatch = /flags=([^\s]*)/.exec(rest);
    if (!flagsMatch) return `#!lua${rest}`;
    const flags = flagsMatch[1]!.split(",").filter((flag) => flag && flag !== "allow-key-locking");
    const replaced = flags.length ? rest.replace(flagsMatch[0], `flags=${flags.join(",")}`) : rest.replace(flagsMatch[0], "");
    return `#!lua${replaced.trimEnd()}`;
  });
}

/** Encodes a reply as Upstash does: bulk strings base64 when the client asks for it. */
function encodeReply(reply: Reply, isBase64: boolean): unknown {
  if (Buffer.isBuffer(reply)) return isBase64 ? reply.toString("base64") : reply.toString("utf8");
  if (typeof reply === "string") return isBase64 ? Buffer.from(reply).toString("base64") : reply;
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, isBase64));
  if (reply instanceof Error) return { error: reply.message };
  return reply;
}

function isCommand(value: unknown): value is Command {
  return Array.isArray(value) && value.length > 0 && value.every((part) => typeof part === "string" || typeof part === "number");
}

/** Starts the bridge; `port: 0` picks a free port. */
export async function startUpstashBridge(options: UpstashBridgeOptions): Promise<UpstashBridge> {
  const redisUrl = options.redisUrl ?? "redis://127.0.0.1:6379";
  const redisOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 1_000, lazyConnect: false } as const;
  const redis = new IORedis(redisUrl, redisOptions);
  redis.on("error", () => undefined); // surfaced per request as 503
  const expectedToken = createHash("sha256").update(options.token).digest();
  // client sha1 (of the script as sent) -> sha1 of the script Redis actually stored
  const scriptShas = new Map<string, string>();

  function isAuthorized(request: IncomingMessage): boolean {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? "");
    if (!match) return false;
    return timingSafeEqual(createHash("sha256").update(match[1]!).digest(), expectedToken);
  }

  function rewrite(command: Command): Command {
    const name = String(command[0]).toUpperCase();
    const args = command.slice(1).map(String);
    if ((name === "EVAL" || name === "EVAL_RO") && args[0]) {
      const stripped = stripUnsupportedFlags(args[0]);
      scriptShas.set(sha1(args[0]), sha1(stripped));
      return [name, stripped, ...args.slice(1)];
    }
    if ((name === "EVALSHA" || name === "EVALSHA_RO") && args[0]) {
      return [name, scriptShas.get(args[0]) ?? args[0], ...args.slice(1)];
    }
    if (name === "SCRIPT" && args[0]?.toUpperCase() === "LOAD" && args[1]) {
      const stripped = stripUnsupportedFlags(args[1]);
      scriptShas.set(sha1(args[1]), sha1(stripped));
      return [name, "LOAD", stripped];
    }
    if (name === "SCRIPT" && args[0]?.toUpperCase() === "EXISTS") {
      return [name, "EXISTS", ...args.slice(1).map((sha) => scriptShas.get(sha) ?? sha)];
    }
    return [name, ...args];
  }

  async function run(connection: IORedis, command: Command): Promise<Reply> {
    const [name, ...args] = rewrite(command);
    const reply = (await connection.callBuffer(String(name), ...args)) as Reply;
    // SCRIPT LOAD answers with the sha the client computed, so its cached EVALSHA keeps working.
    if (String(name) === "SCRIPT" && String(args[0]).toUpperCase() === "LOAD") return sha1(String(command[2]));
    return reply;
  }

  async function runSingle(command: Command): Promise<Reply> {
    if (!BLOCKING.has(String(command[0]).toUpperCase())) return run(redis, command);
    const dedicated = new IORedis(redisUrl, redisOptions);
    dedicated.on("error", () => undefined);
    try {
      return await run(dedicated, command);
    } finally {
      dedicated.disconnect();
    }
  }

  async function readBody(request: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) throw new HttpError(413, "ERR request body too large");
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  function parseJson(text: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new HttpError(400, "ERR failed to parse command: body is not valid JSON");
    }
  }

  function isConnectionError(error: unknown): boolean {
    const message = (error as Error).message ?? "";
    return redis.status !== "ready" || /Connection is closed|ECONNREFUSED|Stream isn't writeable|max retries/i.test(message);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const url = new URL(request.url ?? "/", "http://bridge");
    if (url.pathname === "/health") {
      const isUp = await redis.ping().then(() => true, () => false);
      return send(isUp ? 200 : 503, isUp ? { ok: true } : { ok: false });
    }
    if (!isAuthorized(request)) return send(401, { error: "Unauthorized" });
    const isBase64 = String(request.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    try {
      const body = await readBody(request);
      if (url.pathname === "/pipeline" || url.pathname === "/multi-exec") {
        const commands = parseJson(body);
        if (!Array.isArray(commands) || !commands.every(isCommand)) throw new HttpError(400, "ERR body must be an array of commands");
        if (url.pathname === "/pipeline") {
          const replies = await Promise.all(commands.map((command) => run(redis, command).catch((error: Error) => error)));
          return send(200, replies.map((reply) => (reply instanceof Error ? { error: reply.message } : { result: encodeReply(reply, isBase64) })));
        }
        const transaction = redis.multi();
        for (const command of commands) {
          const [name, ...args] = rewrite(command);
          transaction.callBuffer(String(name), ...args);
        }
        const results = await transaction.exec();
        if (!results) throw new HttpError(400, "ERR transaction aborted");
        return send(200, results.map(([error, reply]) => (error ? { error: error.message } : { result: encodeReply(reply as Reply, isBase64) })));
      }
      let command: unknown;
      if (url.pathname === "/" || url.pathname === "") command = parseJson(body);
      else {
        // Path form: /set/key/value, with a POST body as the last argument.
        command = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
        if (body) (command as string[]).push(body);
      }
      if (!isCommand(command)) throw new HttpError(400, "ERR body must be a command array");
      const reply = await runSingle(command);
      return send(200, { result: encodeReply(reply, isBase64) });
    } catch (error) {
      if (error instanceof HttpError) return send(error.status, { error: error.message });
      if (isConnectionError(error)) return send(503, { error: "ERR Redis is unavailable" });
      return send(400, { error: (error as Error).message });
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 8079, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}
