// MongoDB wire protocol framing: the message header, the legacy OP_QUERY handshake, OP_MSG, and
// the two reply shapes. Layouts: https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/
import { BSON, type Document } from "bson";

export const OpCode = { reply: 1, query: 2004, compressed: 2012, msg: 2013 } as const;

const HEADER_BYTES = 16;
// Generous upper bound: the hello reply advertises maxMessageSizeBytes 48 MB; anything larger is garbage.
export const MAX_MESSAGE_BYTES = 48_000_000;
export const MAX_BSON_OBJECT_BYTES = 16 * 1024 * 1024;

// OP_MSG flagBits.
const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;

// Commands keep numbers as the client sent them (Int32/Double/Long/Decimal128 objects): default
// decoding would turn a Long into a JS number and the stored document would come back as a double.
const DECODE_OPTIONS = { promoteValues: false } as const;

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface WireMessage {
  header: MessageHeader;
  /** The whole message, header included. */
  bytes: Buffer;
}

export class ProtocolError extends Error {}

/**
 * Cuts a TCP byte stream into whole messages: one `data` event may carry half a message or several.
 * Chunks are kept in a list and joined once a whole message is there, so a 48 MB insert arriving in
 * 64 KB pieces is copied once, not once per piece.
 */
export class MessageFramer {
  #chunks: Buffer[] = [];
  #buffered = 0;

  push(chunk: Buffer): WireMessage[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const messages: WireMessage[] = [];
    while (this.#buffered >= 4) {
      const length = this.#nextLength();
      if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) {
        throw new ProtocolError(`invalid message length ${length}`);
      }
      if (this.#buffered < length) break;
      const joined = this.#join();
      const bytes = joined.subarray(0, length);
      const rest = joined.subarray(length);
      this.#chunks = rest.length > 0 ? [rest] : [];
      this.#buffered = rest.length;
      messages.push({ bytes, header: readHeader(bytes) });
    }
    return messages;
  }

  /** The int32 length at the start of the next message (its first 4 bytes may span chunks). */
  #nextLength(): number {
    const first = this.#chunks[0];
    if (first && first.length >= 4) return first.readInt32LE(0);
    return this.#join().readInt32LE(0);
  }

  #join(): Buffer {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.#buffered)];
    const [only] = this.#chunks;
    if (!only) throw new ProtocolError("framer has no data");
    return only;
  }
}

function readHeader(bytes: Buffer): MessageHeader {
  return {
    length: bytes.readInt32LE(0),
    requestId: bytes.readInt32LE(4),
    responseTo: bytes.readInt32LE(8),
    opCode: bytes.readInt32LE(12),
  };
}

function readDocument(bytes: Buffer, offset: number, end: number): { document: Document; next: number } {
  if (offset + 5 > end) throw new ProtocolError("truncated BSON document");
  const size = bytes.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError(`invalid BSON document size ${size}`);
  const document = BSON.deserialize(bytes.subarray(offset, offset + size), DECODE_OPTIONS);
  return { document, next: offset + size };
}

function readCString(bytes: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = bytes.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError("unterminated cstring");
  return { value: bytes.toString("utf8", offset, zero), next: zero + 1 };
}

export interface OpQuery {
  fullCollectionName: string;
  query: Document;
}

/** Legacy OP_QUERY: drivers still send their first handshake (`ismaster`) this way. */
export function parseOpQuery(message: WireMessage): OpQuery {
  const { bytes } = message;
  const end = bytes.length;
  // flags(int32) at 16, then fullCollectionName, numberToSkip, numberToReturn, query[, fieldSelector].
  const name = readCString(bytes, HEADER_BYTES + 4, end);
  const { document } = readDocument(bytes, name.next + 8, end);
  return { fullCollectionName: name.value, query: document };
}

export interface OpMsg {
  /** The kind-0 body with every kind-1 document sequence merged in as `body[identifier] = docs`. */
  command: Document;
  /** Flag bit 1: the client expects no reply (w:0 writes, endSessions on close). */
  moreToCome: boolean;
}

export function parseOpMsg(message: WireMessage): OpMsg {
  const { bytes } = message;
  const flagBits = bytes.readUInt32LE(HEADER_BYTES);
  const end = bytes.length - (flagBits & CHECKSUM_PRESENT ? 4 : 0);
  let offset = HEADER_BYTES + 4;
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = bytes.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const read = readDocument(bytes, offset, end);
      body = read.document;
      offset = read.next;
    } else if (kind === 1) {
      // Document sequence: int32 size (counting itself), cstring identifier, documents up to size.
      const sectionEnd = offset + bytes.readInt32LE(offset);
      if (sectionEnd > end) throw new ProtocolError("document sequence overruns the message");
      const identifier = readCString(bytes, offset + 4, sectionEnd);
      const documents: Document[] = [];
      let at = identifier.next;
      while (at < sectionEnd) {
        const read = readDocument(bytes, at, sectionEnd);
        documents.push(read.document);
        at = read.next;
      }
      sequences.push([identifier.value, documents]);
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError("OP_MSG without a body section");
  for (const [identifier, documents] of sequences) body[identifier] = documents;
  return { command: body, moreToCome: (flagBits & MORE_TO_COME) !== 0 };
}

function writeHeader(target: Buffer, requestId: number, responseTo: number, opCode: number): void {
  target.writeInt32LE(target.length, 0);
  target.writeInt32LE(requestId, 4);
  target.writeInt32LE(responseTo, 8);
  target.writeInt32LE(opCode, 12);
}

/** OP_REPLY answering an OP_QUERY: flags 0, cursorID 0, startingFrom 0, one document. */
export function encodeOpReply(requestId: number, responseTo: number, document: Document): Buffer {
  const body = BSON.serialize(document);
  const out = Buffer.alloc(HEADER_BYTES + 20 + body.length);
  writeHeader(out, requestId, responseTo, OpCode.reply);
  // responseFlags(int32) at 16 and cursorID(int64) at 20 stay zero; startingFrom(int32) at 28 too.
  out.writeInt32LE(1, 32); // numberReturned
  out.set(body, 36);
  return out;
}

/** OP_MSG reply: flagBits 0 and a single kind-0 section, as a server sends. */
export function encodeOpMsg(requestId: number, responseTo: number, document: Document): Buffer {
  const body = BSON.serialize(document);
  const out = Buffer.alloc(HEADER_BYTES + 5 + body.length);
  writeHeader(out, requestId, responseTo, OpCode.msg);
  out.writeUInt32LE(0, HEADER_BYTES);
  out.writeUInt8(0, HEADER_BYTES + 4);
  out.set(body, HEADER_BYTES + 5);
  return out;
}
