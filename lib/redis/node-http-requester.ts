import http from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { errors, type Requester } from "@upstash/redis";

// The transport under @upstash/redis: the Upstash REST protocol (POST a JSON command array; /pipeline
// and /multi-exec for batches; Bearer token) over node:http(s) with a keep-alive agent. The client's
// default transport is the global fetch (undici), which cost ~0.8 ms of CPU per command on these
// machines: profiling bench:roi showed the two Redis calls of a cached report (quota and cache read)
// as half its latency. Replies are not base64-encoded: every value we store is UTF-8 JSON or text.

export interface NodeHttpRequesterOptions {
  url: string;
  token: string;
  /** Extra attempts after a network error (the command never reached Redis or its answer was lost). */
  retries: number;
  backoffMs: number;
  /** A request with no answer after this long fails like a network error. */
  timeoutMs: number;
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

  return {
    async request<TResult>(req: Parameters<Requester["request"]>[0]): Promise<{ result?: TResult; error?: string }> {
      const path = [basePath, ...(req.path ?? [])].join("/") || "/";
      const body = JSON.stringify(req.body);
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
      let parsed: { result?: TResult; error?: string };
      try {
        parsed = JSON.parse(reply.text) as { result?: TResult; error?: string };
      } catch (error) {
        throw new errors.UpstashJSONParseError(reply.text, { cause: error });
      }
      // The same message as the stock client, so callers that look for Redis's error text still find it.
      if (reply.status < 200 || reply.status >= 300) throw new errors.UpstashError(`${parsed.error}, command was: ${body}`);
      return parsed;
    },
  };
}
