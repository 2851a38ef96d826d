/**
 * The one Server-Sent Events framing for every stream (a generation's events, the live feed):
 * events, comments, a heartbeat so proxies keep the connection, and cleanup when the client goes.
 */

const HEARTBEAT_EVERY_MS = 15_000;

export interface EventSink {
  /** One event; `id` is what a reconnecting client sends back as Last-Event-ID. */
  send(event: string, data: unknown, id?: string | number): void;
  /** A comment line: ignored by clients, keeps intermediaries from timing the connection out. */
  comment(text: string): void;
  /** Ends the stream (idempotent); the cleanup returned by `start` runs once. */
  close(): void;
  readonly open: boolean;
}

/**
 * A stream that `start` writes to. It closes when `start`'s code calls `close()`, when the client
 * disconnects (the request's signal), or when the consumer cancels; `start` returns its cleanup.
 * `retryMs` is the reconnect delay EventSource clients are told to use.
 */
export function eventStream(
  request: Request,
  start: (sink: EventSink) => (() => void) | void,
  options: { retryMs?: number } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let close = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      let cleanup: (() => void) | void = undefined;
      const write = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      const heartbeat = setInterval(() => write(": heartbeat\n\n"), HEARTBEAT_EVERY_MS);
      close = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        cleanup?.();
        controller.close();
      };
      const sink: EventSink = {
        send: (event, data, id) =>
          write(
            `${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
          ),
        comment: (text) => write(`: ${text}\n\n`),
        close: () => close(),
        get open() {
          return open;
        },
      };
      request.signal.addEventListener("abort", () => close());
      if (options.retryMs !== undefined) write(`retry: ${options.retryMs}\n`);
      cleanup = start(sink);
      if (!open) cleanup?.();
    },
    cancel() {
      close();
    },
  });
}

/** The response for an event stream: no caching or buffering by proxies. */
export function sseResponse(body: ReadableStream<Uint8Array>, headers: HeadersInit = {}): Response {
  const response = new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
  for (const [name, value] of new Headers(headers)) response.headers.set(name, value);
  return response;
}
