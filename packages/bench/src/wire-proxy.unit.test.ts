import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { BSON } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  commandOfMessage,
  MessageSplitter,
  operationCommandCount,
  startWireProxy,
  tallyDifference,
  waitForQuiet,
  type WireProxy,
} from './wire-proxy.ts';

function header(length: number, opCode: number): Buffer {
  const bytes = Buffer.alloc(16);
  bytes.writeInt32LE(length, 0);
  bytes.writeInt32LE(7, 4);
  bytes.writeInt32LE(0, 8);
  bytes.writeInt32LE(opCode, 12);
  return bytes;
}

/** An OP_MSG as the driver sends it: the command in a kind 0 section, its documents in a kind 1 section. */
function opMsg(command: Record<string, unknown>, documents: readonly Record<string, unknown>[] = []): Buffer {
  const body = Buffer.concat([Buffer.from([0]), BSON.serialize(command)]);
  const sequence = Buffer.concat([Buffer.from('documents\0'), ...documents.map((document) => BSON.serialize(document))]);
  const sequenceSize = Buffer.alloc(4);
  sequenceSize.writeInt32LE(sequence.length + 4);
  const sections = documents.length === 0 ? [body] : [Buffer.from([1]), sequenceSize, sequence, body];
  const flags = Buffer.alloc(4);
  const length = 16 + 4 + sections.reduce((total, section) => total + section.length, 0);
  return Buffer.concat([header(length, 2013), flags, ...sections]);
}

function opQuery(command: Record<string, unknown>): Buffer {
  const rest = Buffer.concat([Buffer.alloc(4), Buffer.from('admin.$cmd\0'), Buffer.alloc(8), BSON.serialize(command)]);
  return Buffer.concat([header(16 + rest.length, 2004), rest]);
}

describe('reading the command of a wire message', () => {
  it('names an OP_MSG command and its collection, whatever section comes first', () => {
    expect(commandOfMessage(opMsg({ find: 'contract_events', filter: { streamId: 'x' }, $db: 'bench' }))).toEqual({
      name: 'find',
      collection: 'contract_events',
    });
    expect(commandOfMessage(opMsg({ insert: 'escrows', $db: 'bench' }, [{ _id: 'a' }, { _id: 'b' }]))).toEqual({
      name: 'insert',
      collection: 'escrows',
    });
  });

  it('takes the collection of a getMore from its collection field, and none from a command on no collection', () => {
    expect(commandOfMessage(opMsg({ getMore: BSON.Long.fromNumber(42), collection: 'jobs', $db: 'bench' }))).toEqual({
      name: 'getMore',
      collection: 'jobs',
    });
    expect(commandOfMessage(opMsg({ ping: 1, $db: 'admin' }))).toEqual({ name: 'ping', collection: '' });
  });

  it('reads the legacy handshake', () => {
    expect(commandOfMessage(opQuery({ isMaster: 1 }))).toEqual({ name: 'isMaster', collection: '' });
  });
});

describe('splitting a byte stream into messages', () => {
  it('keeps a message cut anywhere until it is whole', () => {
    const first = opMsg({ find: 'jobs', $db: 'bench' });
    const second = opMsg({ delete: 'operations', $db: 'bench' });
    const stream = Buffer.concat([first, second]);
    for (const cut of [1, 3, 4, 17, first.length - 1, first.length, first.length + 5]) {
      const splitter = new MessageSplitter();
      const messages = [...splitter.push(stream.subarray(0, cut)), ...splitter.push(stream.subarray(cut))];
      expect(messages.map((message) => commandOfMessage(message))).toEqual([
        { name: 'find', collection: 'jobs' },
        { name: 'delete', collection: 'operations' },
      ]);
    }
  });
});

describe('tallies', () => {
  it('subtracts an earlier tally and leaves monitoring out of the count of an operation', () => {
    const before = new Map([
      ['find jobs', 2],
      ['hello', 1],
    ]);
    const after = new Map([
      ['find jobs', 5],
      ['hello', 4],
      ['insert escrows', 1],
    ]);
    const difference = tallyDifference(after, before);
    expect(difference).toEqual(
      new Map([
        ['find jobs', 3],
        ['hello', 3],
        ['insert escrows', 1],
      ]),
    );
    expect(operationCommandCount(difference)).toBe(4);
  });
});

describe('the proxy', () => {
  let proxy: WireProxy | undefined;
  const closers: (() => void)[] = [];
  afterEach(async () => {
    await proxy?.close();
    for (const close of closers) close();
  });

  it('passes the bytes through unchanged both ways and counts what it passed', async () => {
    const message = opMsg({ update: 'contracts', $db: 'bench' });
    const received: Buffer[] = [];
    const target = createServer((socket) => {
      socket.on('data', (chunk: Buffer) => {
        received.push(chunk);
        if (Buffer.concat(received).length >= message.length) socket.write(Buffer.from('answer'));
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    closers.push(() => target.close());
    proxy = await startWireProxy('127.0.0.1', (target.address() as AddressInfo).port);

    const client = connect(proxy.port, '127.0.0.1');
    closers.push(() => client.destroy());
    const answered = new Promise<string>((resolve) => client.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    proxy.startRecording();
    client.write(message.subarray(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.write(message.subarray(10));

    expect(await answered).toBe('answer');
    expect(Buffer.concat(received)).toEqual(message);
    expect(proxy.tally()).toEqual(new Map([['update contracts', 1]]));
    expect(proxy.stopRecording()).toEqual([{ name: 'update', collection: 'contracts' }]);
  });

  /** A proxy in front of `target` and a client connected through it, all closed after the test. */
  async function clientThroughProxyTo(target: Server): Promise<{ quietProxy: WireProxy; client: Socket }> {
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    closers.push(() => target.close());
    const quietProxy = await startWireProxy('127.0.0.1', (target.address() as AddressInfo).port);
    proxy = quietProxy;
    const client = connect(quietProxy.port, '127.0.0.1');
    closers.push(() => client.destroy());
    return { quietProxy, client };
  }

  it('is quiet only once every command has its reply, however long the server takes', async () => {
    const message = opMsg({ find: 'escrows', $db: 'bench' });
    const requestId = message.readInt32LE(4);
    let answer = (): void => undefined;
    const target = createServer((socket) => {
      socket.once('data', () => {
        // The reply: a header whose responseTo names the request, then an empty OP_MSG body.
        const reply = Buffer.concat([header(20, 2013), Buffer.alloc(4)]);
        reply.writeInt32LE(requestId, 8);
        answer = () => socket.write(reply);
      });
    });
    const { quietProxy, client } = await clientThroughProxyTo(target);
    client.write(message);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(quietProxy.awaitingReplies()).toBe(1);
    expect(await waitForQuiet([quietProxy], 20, 200)).toBe(false);
    answer();
    expect(await waitForQuiet([quietProxy], 20, 2_000)).toBe(true);
    expect(quietProxy.awaitingReplies()).toBe(0);
    client.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(quietProxy.abandoned()).toEqual(new Map());
  });

  it('waits for no reply to a command whose client closed its connection (a stopped server’s endSessions)', async () => {
    const target = createServer(() => undefined); // never answers
    const { quietProxy, client } = await clientThroughProxyTo(target);
    client.write(opMsg({ endSessions: [], $db: 'admin' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(quietProxy.awaitingReplies()).toBe(1);

    client.destroy();
    expect(await waitForQuiet([quietProxy], 20, 2_000)).toBe(true);
    expect(quietProxy.awaitingReplies()).toBe(0);
    expect(quietProxy.abandoned()).toEqual(new Map([['endSessions', 1]]));
  });

  it('counts no command as given up when the database closed the connection first', async () => {
    const target = createServer((socket) => socket.once('data', () => socket.destroy()));
    const { quietProxy, client } = await clientThroughProxyTo(target);
    client.on('error', () => undefined);
    const closed = new Promise((resolve) => client.once('close', resolve));
    client.write(opMsg({ find: 'escrows', $db: 'bench' }));
    await closed;
    expect(await waitForQuiet([quietProxy], 20, 2_000)).toBe(true);
    expect(quietProxy.tally()).toEqual(new Map([['find escrows', 1]]));
    expect(quietProxy.abandoned()).toEqual(new Map());
  });
});
