import http from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { errors, type Requester } from "@upstash/redis";

// The transport under @upstash/redis: the Upstash REST protocol (POST a JSON command array; /pipeline
// and /multi-exec for batches; Bearer token) over node:http(s) with a keep-alive agent. The client's
// default transport is the global fetch (undici), which cost ~0.8 ms of CPU per command on these
// machines: profiling bench:roi showed the two Redis calls of a cached report (quota and cache read)
// as half its latency. Replies are not base64-encoded: every value we store is UTF-8 JSON or text.
//
// Single commands issued in the same turn of the event loop go out together as one /pipeline request
// (auto-pipelining): a request's independent calls, such as the API quota and the cached-report read,
// then cost one HTTP round trip instead of one each. Each command still gets its own answer or error.
// A pipeline is not a transaction, and commands sent separately had no order between them anyway.

export interface NodeHttpRequesterOptions {
  url: string;
  token: string;
  /** Extra attempts after a network error (the command never reached Redis or its answer was lost). */
  retries: number;
  backoffMs: number;
  /** A request with no answer after this long fails like a network error. */
  timeoutMs: number;
  /** Send single commands of the same event-loop turn as one pipeline (default true). */
  isCoalescing?: boolean;
}

type Reply<TResult> = { result?: TResult; error?: string };

interface Queued {
  body: unknown[];
  resolve(reply: Reply<unknown>): void;
  reject(error: unknown): void;
}

/** The REST server answered with a non-2xx status; `message` is its error text. */
class RefusedRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// They hold their connection until data arrives; batched with others they would hold those up too.
const BLOCKING = /^(BLPOP|BRPOP|BRPOPLPUSH|BLMOVE|BLMPOP|BZPOPMIN|BZPOPMAX|BZMPOP|WAIT|WAITAOF)$/i;
function isBlocking(body: unknown[]): boolean {
  const name = String(body[0]);
  if (BLOCKING.test(name)) return true;
  return /^XREAD(GROUP)?$/i.test(name) && body.some((part) => String(part).toUpperCase() === "BLOCK");
}

interface RawReply {
  status: number;
  text: string;
}

/** A Requester for `new Redis(requester)`. */
export function createNodeHttpRequester(options: NodeHttpRequesterOptions): Requester {
  const base = new URL(options.url);
  const isHttps = base.protocol === "https:";
  const transport = isHttps ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 128 });
  const basePath = base.pathname.replace(/\/$/, "");
  const authorization = `Bearer ${options.token}`;

  const send = (path: string, body: string) =>
    new Promise<RawReply>((resolve, reject) => {
      const request = transport.request(
        {
          agent, method: "POST", host: base.hostname.replace(/^\[(.*)\]$/, "$1"), port: base.port || (isHttps ? 443 : 80), path,
          headers: { authorization, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
          timeout: options.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
          response.on("error", reject);
        },
      );
      request.on("timeout", () => request.destroy(new Error(`Redis REST request timed out after ${options.timeoutMs} ms`)));
      request.on("error", reject);
      request.end(body);
    });

  /** One POST with its retry; the parsed JSON answer. A non-2xx answer throws a RefusedRequest. */
  async function post(path: string, body: string): Promise<unknown> {
    let reply: RawReply | undefined;
    let lastError: unknown;
    for (let attempt = 0; attempt <= options.retries && !reply; attempt++) {
      if (attempt > 0) await sleep(options.backoffMs);
      reply = await send(path, body).catch((error: unknown) => {
        lastError = error;
        return undefined;
      });
    }
    if (!reply) throw lastError;
    let parsed: Reply<unknown> | Reply<unknown>[];
    try {
      parsed = JSON.parse(reply.text) as Reply<unknown> | Reply<unknown>[];
    } catch (error) {
      throw new errors.UpstashJSONParseError(reply.text, { cause: error });
    }
    if (reply.status < 200 || reply.status >= 300) throw new RefusedRequest(reply.status, String((parsed as Reply<unknown>).error));
    return parsed;
  }

  // The same message as the stock client, so callers that look for Redis's error text still find it;
  // only the command's own arguments, never those of others it was batched with.
  const commandError = (message: string, body: unknown[]) => new errors.UpstashError(`${message}, command was: ${JSON.stringify(body)}`);

  async function sendAlone(queued: Queued): Promise<void> {
    try {
      queued.resolve((await post(rootPath, JSON.stringify(queued.body))) as Reply<unknown>);
    } catch (error) {
      queued.reject(error instanceof RefusedRequest ? commandError(error.message, queued.body) : error);
    }
  }

  const rootPath = basePath || "/";
  let queue: Queued[] = [];

  async function flush(): Promise<void> {
    const batch = queue;
    queue = [];
    if (batch.length === 1) return sendAlone(batch[0]!);
    let outcomes: unknown;
    try {
      outcomes = await post(`${basePath}/pipeline`, JSON.stringify(batch.map((queued) => queued.body)));
    } catch (error) {
      // Refused as a whole for its content (400: a command the server does not take; 413: too large),
      // before anything ran: each command alone, so that only the one at fault fails.
      if (error instanceof RefusedRequest && (error.status === 400 || error.status === 413)) return void (await Promise.all(batch.map(sendAlone)));
      for (const queued of batch) queued.reject(error instanceof RefusedRequest ? commandError(error.message, queued.body) : error);
      return;
    }
    batch.forEach((queued, index) => {
      const outcome = Array.isArray(outcomes) && outcomes.length === batch.length ? (outcomes[index] as unknown) : undefined;
      if (typeof outcome !== "object" || outcome === null) queued.reject(commandError("Redis REST pipeline answered with a malformed reply", queued.body));
      else if ("error" in outcome) queued.reject(commandError(String(outcome.error), queued.body));
      else queued.resolve(outcome as Reply<unknown>);
    });
  }

  return {
    async request<TResult>(req: Parameters<Requester["request"]>[0]): Promise<Reply<TResult>> {
      const body = req.body as unknown[];
      const isSingle = (req.path ?? []).length === 0 && Array.isArray(body);
      if (!isSingle || options.isCoalescing === false || isBlocking(body)) {
        const bodyText = JSON.stringify(req.body);
        try {
          return (await post([basePath, ...(req.path ?? [])].join("/") || "/", bodyText)) as Reply<TResult>;
        } catch (error) {
          throw error instanceof RefusedRequest ? new errors.UpstashError(`${error.message}, command was: ${bodyText}`) : error;
        }
      }
      return new Promise<Reply<TResult>>((resolve, reject) => {
        // setImmediate runs once this turn's callbacks and promise jobs are done: every command the
        // request issues before it next waits on I/O joins the batch.
        if (queue.length === 0) setImmediate(() => void flush());
        queue.push({ body, resolve: resolve as (reply: Reply<unknown>) => void, reject });
      });
    },
  };
}
