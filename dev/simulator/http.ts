import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";

/** A failure the router turns into a JSON response; each protocol module picks the body shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/**
 * Errors always go out as JSON with Content-Type application/json: the Fal client only parses an
 * error body with that type and otherwise reports nothing but "HTTP 500: Internal Server Error".
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export const statusText = (status: number): string => STATUS_CODES[status] ?? "Error";

const MAX_BODY_BYTES = 1 << 20;

export async function readJson(req: IncomingMessage, onInvalid: (why: string) => HttpError) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw onInvalid("request body over 1 MiB");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw onInvalid("request body is not valid JSON");
  }
}

/** Base for the URLs handed back to clients: whatever host they reached us on. */
export function originOf(req: IncomingMessage): string {
  return `http://${req.headers.host ?? "127.0.0.1"}`;
}

/**
 * Waits `ms`, or less if the client goes away (resolves false then), so held requests (Prefer: wait,
 * fal.run) never outlive their caller. `timers` lets close() cut every hold short.
 */
export function hold(ms: number, res: ServerResponse, timers: Set<() => void>): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (completed: boolean) => {
      clearTimeout(timer);
      res.off("close", onClose);
      timers.delete(cancel);
      resolve(completed);
    };
    const onClose = () => finish(false);
    const cancel = () => finish(false);
    const timer = setTimeout(() => finish(true), ms);
    res.on("close", onClose);
    timers.add(cancel);
  });
}
