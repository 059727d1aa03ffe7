/** Reads GET /api/events as the client does (fetch + eventsource-parser), for the stream tests. */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface StreamEvent {
  id: string;
  type: string;
  data: any;
}

export interface OpenStream {
  response: Response;
  events: StreamEvent[];
  comments: string[];
  retry: number | undefined;
  /** Resolves with the first event (from the start) that matches, waiting for it if need be. */
  waitFor(match: (event: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  waitForComment(text: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function openStream(baseUrl: string, token: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(new URL('/api/events', baseUrl), {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const stream: OpenStream = {
    response,
    events,
    comments,
    retry: undefined,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => [e.id, e.type]))}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    waitForComment(text, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!comments.some((comment) => comment.trim() === text)) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
          return true;
        };
        const timer = setTimeout(() => reject(new Error(`no "${text}" comment within ${timeoutMs} ms`)), timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => controller.abort(),
  };
  if (response.status !== 200 || !response.body) return stream;
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      events.push({ id: message.id ?? '', type: message.event ?? 'message', data: JSON.parse(message.data) });
      for (const waiter of [...waiters]) waiter();
    },
    onComment(comment) {
      comments.push(comment);
      for (const waiter of [...waiters]) waiter();
    },
    onRetry(retry) {
      stream.retry = retry;
    },
  });
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // Aborted by close(), or dropped by the server.
    }
  })();
  return stream;
}

/** Polls until `condition` holds (for something that must happen, never as proof that something did not). */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
