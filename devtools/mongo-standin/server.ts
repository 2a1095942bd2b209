// Development/test stand-in for MongoDB: speaks the wire protocol on TCP so the official `mongodb`
// driver runs unchanged against it. Production points MONGODB_URI at a real MongoDB; nothing in app/
// or lib/ imports this file. See README.md for what is supported.
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import type { Document } from "bson";
import { isPlainObject } from "./bson-values.ts";
import { CommandError } from "./command-error.ts";
import { errorReply, runCommand } from "./commands.ts";
import { CursorRegistry } from "./cursor-registry.ts";
import { loadSnapshot, saveSnapshot } from "./snapshot.ts";
import { Store } from "./store.ts";
import {
  encodeOpMsg,
  encodeOpReply,
  MessageFramer,
  OpCode,
  parseOpMsg,
  parseOpQuery,
  ProtocolError,
  type WireMessage,
} from "./wire.ts";

export interface MongoStandinOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Extended JSON file loaded at start and written periodically and on close (e.g. .data/mongo-standin.json). */
  snapshotPath?: string;
  /** How often expired TTL documents are removed (mongod: 60 s). Default 1000 ms. */
  ttlMonitorIntervalMs?: number;
  /** How often a changed store is written to the snapshot. Default 5000 ms. */
  snapshotIntervalMs?: number;
}

export interface MongoStandin {
  /** `mongodb://host:port` — append `/<db>` or use `client.db(name)`. */
  uri: string;
  port: number;
  /** Stops, writes the snapshot and ends the timers. */
  close(): Promise<void>;
  /** Closes the listening socket and every connection, keeping the data: an outage. */
  stop(): Promise<void>;
  /** Listens again on the same port after stop(): the recovery. */
  start(): Promise<void>;
}

// Before MongoDB 6 every command could arrive as OP_QUERY; now only the handshake may.
const OP_QUERY_COMMANDS = new Set(["hello", "isMaster", "ismaster"]);

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startMongoStandin(options: MongoStandinOptions = {}): Promise<MongoStandin> {
  const host = options.host ?? "127.0.0.1";
  const store = new Store();
  const { snapshotPath } = options;
  if (snapshotPath) await loadSnapshot(store, snapshotPath);
  const cursors = new CursorRegistry();
  const sockets = new Set<Socket>();
  let connectionCount = 0;
  let nextRequestId = 1;

  function reply(message: WireMessage, connectionId: number): Buffer | undefined {
    const context = { store, cursors, connectionId };
    const responseTo = message.header.requestId;
    if (message.header.opCode === OpCode.query) {
      const { fullCollectionName, query } = parseOpQuery(message);
      // Drivers may wrap the command as {$query: {...}, $readPreference: ...}.
      const command: Document = isPlainObject(query.$query) ? query.$query : query;
      const [name] = Object.keys(command);
      const db = fullCollectionName.split(".")[0] ?? "admin";
      const isHandshake = fullCollectionName.endsWith(".$cmd") && name !== undefined && OP_QUERY_COMMANDS.has(name);
      const result = isHandshake
        ? runCommand({ ...command, $db: db }, context)
        : errorReply(new CommandError("UnsupportedOpQueryCommand", `Unsupported OP_QUERY command: ${name ?? ""}`));
      return encodeOpReply(nextRequestId++, responseTo, result);
    }
    if (message.header.opCode === OpCode.msg) {
      const { command, moreToCome } = parseOpMsg(message);
      const result = runCommand(command, context);
      // moreToCome: the client reads no reply; sending one would shift every later reply by one.
      if (moreToCome) return undefined;
      try {
        return encodeOpMsg(nextRequestId++, responseTo, result);
      } catch (error) {
        // In practice a reply over 16 MB (e.g. one huge document); the client gets an error, not a hang.
        const errmsg = `reply could not be encoded: ${error instanceof Error ? error.message : String(error)}`;
        return encodeOpMsg(nextRequestId++, responseTo, errorReply(new CommandError("BSONObjectTooLarge", errmsg)));
      }
    }
    // OP_COMPRESSED is never negotiated (no `compression` in hello); anything else is not MongoDB.
    throw new ProtocolError(`unsupported opCode ${message.header.opCode}`);
  }

  function acceptConnection(socket: Socket): void {
    connectionCount += 1;
    const connectionId = connectionCount;
    const framer = new MessageFramer();
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on("close", () => sockets.delete(socket));
    // Clients resetting connections (driver shutdown, tests) is normal.
    socket.on("error", () => undefined);
    socket.on("data", (chunk: Buffer) => {
      try {
        for (const message of framer.push(chunk)) {
          const bytes = reply(message, connectionId);
          if (bytes && !socket.destroyed) socket.write(bytes);
        }
      } catch {
        // Undecodable input: drop the connection like mongod does.
        socket.destroy();
      }
    });
  }

  let server = createServer(acceptConnection);
  const port = await listen(server, options.port ?? 0, host);
  let isListening = true;

  let savedVersion = store.version;
  let saving: Promise<void> = Promise.resolve();
  function persist(): Promise<void> {
    if (!snapshotPath) return Promise.resolve();
    // A failed save must not stop later ones, so the chain continues past a rejection.
    saving = saving.catch(() => undefined).then(async () => {
      if (store.version === savedVersion) return;
      const version = store.version;
      await saveSnapshot(store, snapshotPath);
      savedVersion = version;
    });
    return saving;
  }

  const ttlTimer = setInterval(() => {
    const now = Date.now();
    for (const collection of store.allCollections()) collection.expire(now);
    cursors.expireIdle(now);
  }, options.ttlMonitorIntervalMs ?? 1000);
  ttlTimer.unref();
  const snapshotTimer = snapshotPath
    ? setInterval(() => {
        persist().catch((error: unknown) => console.error("mongo stand-in: snapshot failed", error));
      }, options.snapshotIntervalMs ?? 5000)
    : undefined;
  snapshotTimer?.unref();

  async function stop(): Promise<void> {
    if (!isListening) return;
    isListening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
    // A restarted mongod has no open cursors either.
    cursors.clear();
  }

  let isClosed = false;
  return {
    uri: `mongodb://${host}:${port}`,
    port,
    stop,
    async start() {
      if (isListening || isClosed) return;
      server = createServer(acceptConnection);
      await listen(server, port, host);
      isListening = true;
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      clearInterval(ttlTimer);
      if (snapshotTimer) clearInterval(snapshotTimer);
      await stop();
      await persist();
    },
  };
}
