/** One Server-Sent Events message as a client reads it. */
export interface StreamMessage {
  readonly id: string | null;
  readonly event: string;
  readonly data: string;
}

export interface EventStreamReader {
  readonly status: number;
  readonly headers: Headers;
  /** Every message so far, in order. */
  readonly messages: StreamMessage[];
  /** Resolves with the messages once `done` says they are all there; rejects after `timeoutMs`. */
  waitFor(done: (messages: readonly StreamMessage[]) => boolean, timeoutMs?: number): Promise<readonly StreamMessage[]>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

/** Parses `text/event-stream` blocks (fields `id`, `event`, `data`; comment lines skipped). */
function parseBlock(block: string): StreamMessage | null {
  let id: string | null = null;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length === 0 ? null : { id, event, data: data.join('\n') };
}

/**
 * Opens `url` as an event stream with fetch (as EventSource would, plus an Authorization header),
 * and collects its messages until closed.
 */
export async function openEventStream(url: string, headers: Record<string, string>): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const messages: StreamMessage[] = [];
  const waiters = new Set<() => void>();
  const ended = (async () => {
    if (response.body === null || response.status !== 200) return;
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of response.body) {
        buffered += decoder.decode(chunk as Uint8Array, { stream: true });
        let boundary = buffered.indexOf('\n\n');
        while (boundary !== -1) {
          const message = parseBlock(buffered.slice(0, boundary));
          buffered = buffered.slice(boundary + 2);
          if (message !== null) messages.push(message);
          boundary = buffered.indexOf('\n\n');
        }
        for (const wake of waiters) wake();
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    messages,
    ended,
    waitFor(done, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done(messages)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve([...messages]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the awaited events did not arrive within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      controller.abort();
    },
  };
}
