import { lookup as systemLookup } from "node:dns";
import type { LookupFunction } from "node:net";
import type { Readable } from "node:stream";
import { Agent, request } from "undici";
import { checkOutboundUrl, type CheckedUrl, type OutboundPolicy, resolvePublic } from "./ssrf";

export { OutboundUrlError } from "./ssrf";

export interface SafeFetchOptions {
  policy: OutboundPolicy;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** For the whole exchange: connect, headers and body. */
  timeoutMs?: number;
  /** The response body is cut off, and the fetch fails, beyond this many bytes. */
  maxBytes?: number;
}

export interface SafeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The response was bigger than the caller accepts; it was not read further. */
export class ResponseTooLargeError extends Error {
  constructor(limit: number) {
    super(`the response is larger than ${limit} bytes`);
    this.name = "ResponseTooLargeError";
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * Fetches a URL under the SSRF rules (lib/net/ssrf.ts). The address is checked before the request and
 * again in the socket's own DNS lookup, which hands the socket only addresses that passed: a name that
 * re-resolves to 127.0.0.1 between the two (DNS rebinding) is refused, not connected to. Redirects are
 * never followed (a 3xx comes back as it is), since their target would escape the check.
 */
export async function safeFetch(raw: string, options: SafeFetchOptions): Promise<SafeResponse> {
  const checked = await checkOutboundUrl(raw, options.policy);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // One agent per fetch: its lookup is bound to this URL's verdict, and no pooled socket outlives it.
  const agent = new Agent({
    connect: { lookup: pinnedLookup(checked, options.policy), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connections: 1,
  });
  try {
    const response = await request(checked.url, {
      dispatcher: agent,
      method: options.method ?? "GET",
      headers: options.headers,
      body: options.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const declared = Number(response.headers["content-length"] ?? 0);
    if (declared > limit) {
      discard(response.body);
      throw new ResponseTooLargeError(limit);
    }
    return {
      status: response.statusCode,
      headers: response.headers,
      body: await readCapped(response.body, limit),
    };
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}

function pinnedLookup(checked: CheckedUrl, policy: OutboundPolicy): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    if (checked.allowListed) return systemLookup(hostname, lookupOptions, callback);
    resolvePublic(hostname, policy.resolve).then(
      (all) => {
        // The socket may ask for one family only; every address passed the check either way.
        const family =
          lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
        const addresses = family ? all.filter((a) => a.family === family) : all;
        const [first] = addresses;
        if (!first)
          return callback(
            Object.assign(new Error(`${hostname} has no IPv${family} address`), {
              code: "ENOTFOUND",
            }),
            "",
            0,
          );
        if (lookupOptions.all) return callback(null, addresses);
        callback(null, first.address, first.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, "", 0),
    );
  };
}

async function readCapped(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buffer.byteLength;
    if (total > limit) {
      discard(body);
      throw new ResponseTooLargeError(limit);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Stops reading a body; undici reports the abort as an error event, which must not go unhandled. */
function discard(body: Readable): void {
  body.on("error", () => undefined);
  body.destroy();
}
