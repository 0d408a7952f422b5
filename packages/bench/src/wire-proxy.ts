import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { BSON } from 'mongodb';

const OP_QUERY = 2004;
const OP_COMPRESSED = 2012;
const OP_MSG = 2013;
const HEADER_BYTES = 16;
const CHECKSUM_PRESENT = 1;

/** The driver's server monitoring and handshakes: not work an operation asked for. */
export const MONITORING_COMMANDS: ReadonlySet<string> = new Set(['hello', 'ismaster', 'isMaster']);

/** One command sent to the server: its name, and the collection it names (empty when it names none). */
export interface WireCommand {
  readonly name: string;
  readonly collection: string;
}

/** The command of one client message, or null when the message carries none this parser reads. */
export function commandOfMessage(message: Buffer): WireCommand | null {
  const opCode = message.readInt32LE(12);
  if (opCode === OP_MSG) return commandOfOpMsg(message);
  if (opCode === OP_QUERY) return commandOfOpQuery(message);
  if (opCode === OP_COMPRESSED) return { name: '(compressed)', collection: '' };
  return null;
}

const MORE_TO_COME = 2;

/** An OP_MSG flagged moreToCome (a write sent unacknowledged) gets no reply; every other command does. */
function expectsReply(message: Buffer): boolean {
  return !(message.readInt32LE(12) === OP_MSG && (message.readUInt32LE(HEADER_BYTES) & MORE_TO_COME) !== 0);
}

/** Never throws: a message this parser misreads is counted as such, and still forwarded. */
function readableCommandOf(message: Buffer): WireCommand | null {
  try {
    return commandOfMessage(message);
  } catch {
    return { name: '(unreadable)', collection: '' };
  }
}

function commandOfOpMsg(message: Buffer): WireCommand | null {
  const flags = message.readUInt32LE(HEADER_BYTES);
  const end = message.length - ((flags & CHECKSUM_PRESENT) === 0 ? 0 : 4);
  let offset = HEADER_BYTES + 4;
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    const size = message.readInt32LE(offset);
    // Kind 0 is the command itself; kind 1 sections carry its document sequences (the documents of an insert).
    if (kind === 0) return commandOfDocument(message.subarray(offset, offset + size));
    offset += size;
  }
  return null;
}

function commandOfOpQuery(message: Buffer): WireCommand | null {
  let offset = HEADER_BYTES + 4;
  const nameEnd = message.indexOf(0, offset);
  offset = nameEnd + 1 + 8;
  const size = message.readInt32LE(offset);
  return commandOfDocument(message.subarray(offset, offset + size));
}

function commandOfDocument(bytes: Buffer): WireCommand {
  const document = BSON.deserialize(bytes);
  const name = Object.keys(document)[0] ?? '(empty)';
  const first = document[name] as unknown;
  if (typeof first === 'string') return { name, collection: first };
  const named = document['collection'] as unknown;
  return { name, collection: typeof named === 'string' ? named : '' };
}

/** The commands counted so far, keyed `name collection`. */
export type CommandTally = ReadonlyMap<string, number>;

export function tallyKey(command: WireCommand): string {
  return command.collection === '' ? command.name : `${command.name} ${command.collection}`;
}

/** What `after` counted beyond `before`. */
export function tallyDifference(after: CommandTally, before: CommandTally): Map<string, number> {
  const difference = new Map<string, number>();
  for (const [key, count] of after) {
    const added = count - (before.get(key) ?? 0);
    if (added > 0) difference.set(key, added);
  }
  return difference;
}

/** Commands in a tally that an operation asked for, monitoring left out. */
export function operationCommandCount(tally: CommandTally): number {
  let total = 0;
  for (const [key, count] of tally) {
    if (!MONITORING_COMMANDS.has(key.split(' ')[0] ?? '')) total += count;
  }
  return total;
}

/** Splits a byte stream into MongoDB wire messages, whatever the chunking. */
export class MessageSplitter {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: Buffer[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readInt32LE(0);
      if (this.pending.length < length) break;
      messages.push(this.pending.subarray(0, length));
      this.pending = this.pending.subarray(length);
    }
    return messages;
  }
}

export interface WireProxy {
  readonly port: number;
  /** When the last command an operation asked for (monitoring left out) went through, on `performance.now()`'s clock. */
  lastCommandAt(): number;
  /** How many of those commands the server has not answered yet (one still scanning a collection, say). */
  awaitingReplies(): number;
  /** A copy of the counts so far. */
  tally(): CommandTally;
  /**
   * Of those, the commands whose client closed its connection before their reply came: the
   * driver's socket timeout (it then retries a read once, on another connection: counted again),
   * or a server stopping. A connection the database closes first is not counted here.
   */
  abandoned(): CommandTally;
  /** Starts keeping every command in order, until `stopRecording`. */
  startRecording(): void;
  stopRecording(): WireCommand[];
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of a MongoDB server that reads each message the client sends and
 * counts its command by name and collection. Bytes pass through unchanged, both ways.
 */
export async function startWireProxy(targetHost: string, targetPort: number): Promise<WireProxy> {
  const counts = new Map<string, number>();
  const abandoned = new Map<string, number>();
  let recording: WireCommand[] | null = null;
  let lastCommandAt = 0;
  /** Request ids of the operations' commands sent and not answered yet, on every connection. */
  const awaiting = new Set<string>();
  let connections = 0;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    const splitter = new MessageSplitter();
    const replies = new MessageSplitter();
    // Request ids are per connection: keyed with the connection so two cannot meet.
    connections += 1;
    const connection = connections;
    /** This connection's commands awaiting their reply, with their tally keys: none can come once it is closed. */
    const unanswered = new Map<string, string>();
    client.on('data', (chunk: Buffer) => {
      for (const message of splitter.push(chunk)) {
        const command = readableCommandOf(message);
        if (command === null) continue;
        const key = tallyKey(command);
        counts.set(key, (counts.get(key) ?? 0) + 1);
        recording?.push(command);
        if (MONITORING_COMMANDS.has(command.name)) continue;
        lastCommandAt = performance.now();
        if (!expectsReply(message)) continue;
        const request = `${connection}:${message.readInt32LE(4)}`;
        awaiting.add(request);
        unanswered.set(request, key);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      // A reply's responseTo (bytes 8-11) names the request it answers.
      for (const reply of replies.push(chunk)) {
        if (reply.length < HEADER_BYTES) continue;
        const request = `${connection}:${reply.readInt32LE(8)}`;
        awaiting.delete(request);
        unanswered.delete(request);
      }
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const closeBoth = (byClient: boolean) => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      // A client that closes without reading a reply (the driver's endSessions as a server stops)
      // would otherwise keep waitForQuiet waiting for an answer nobody will read.
      for (const [request, key] of unanswered) {
        awaiting.delete(request);
        if (byClient) abandoned.set(key, (abandoned.get(key) ?? 0) + 1);
      }
      unanswered.clear();
    };
    client.on('error', () => closeBoth(true));
    client.on('close', () => closeBoth(true));
    upstream.on('error', () => closeBoth(false));
    upstream.on('close', () => closeBoth(false));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    lastCommandAt: () => lastCommandAt,
    awaitingReplies: () => awaiting.size,
    tally: () => new Map(counts),
    abandoned: () => new Map(abandoned),
    startRecording: () => {
      recording = [];
    },
    stopRecording: () => {
      const recorded = recording ?? [];
      recording = null;
      return recorded;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Waits until none of the proxies has passed an operation's command for `quietMs` and every such
 * command has its answer, so that work a server still does for one window (a request the client
 * gave up on, the API's start-up recovery scanning a large collection) is not counted in the next.
 * Gives up after `limitMs` and says so.
 */
export async function waitForQuiet(proxies: readonly WireProxy[], quietMs: number, limitMs: number): Promise<boolean> {
  const deadline = performance.now() + limitMs;
  while (performance.now() < deadline) {
    const last = Math.max(...proxies.map((proxy) => proxy.lastCommandAt()));
    const quietFor = performance.now() - last;
    const answered = proxies.every((proxy) => proxy.awaitingReplies() === 0);
    if (answered && quietFor >= quietMs) return true;
    await new Promise((resolve) => setTimeout(resolve, answered ? quietMs - quietFor : quietMs));
  }
  return false;
}
