import "server-only";
import { contentEtag, ifNoneMatchMatches } from "@/lib/api/conditional";
import { ApiError } from "@/lib/api/errors";
import { ANON_COOKIE } from "@/lib/auth/anonymous";
import { returnVisitorCookie } from "@/lib/auth/visitor-minting";
import type { ParsedGenerationInput } from "@/lib/generations/input-schema";
import { resolveCaller, serveGenerations } from "@/lib/generations/pipeline";
import type { GenerationRow } from "@/lib/generations/repository";
import { succeededGeneration } from "@/lib/generations/wait";
import { cachedObjectBytes } from "@/lib/storage/memory-cache";

interface Served {
  row: GenerationRow;
  cache: "HIT" | "MISS";
  headers: Record<string, string>;
  setCookies: string[];
}

/**
 * The one pipeline, synchronously: a cache hit answers at once (free, and outside the per-minute
 * rate limit, so a page of <img> tags does not use it up); a miss is waited for. A bad `token` is a
 * 401 either way: a key that is present must be valid.
 */
async function generate(request: Request, input: ParsedGenerationInput): Promise<Served> {
  const caller = await resolveCaller(request);
  const served = await serveGenerations(request, caller, [input]);
  const ticket = served.tickets[0]!;
  // A hit needs no anonymous id, so no Set-Cookie: that would keep shared caches from storing it.
  // The new visitor cookie it would have carried is not counted against the address either.
  if (served.cache === "HIT") {
    const minted = caller.setCookies.some((c) => c.startsWith(`${ANON_COOKIE}=`));
    if (minted && caller.identity.ip) await returnVisitorCookie(caller.identity.ip);
    return { row: ticket.row, cache: "HIT", headers: {}, setCookies: [] };
  }
  const row = await succeededGeneration(ticket.row, { signal: request.signal });
  return { row, cache: "MISS", headers: served.rateHeaders, setCookies: caller.setCookies };
}

/**
 * One URL names one image as long as it exists, but not forever (a deleted image is made again, a new
 * cache version may draw it anew): a day fresh, then revalidated with the ETag (a cheap 304). A random
 * seed names a new image every time; a private one (asked for, or an API key's default) stays out of
 * shared caches.
 */
function cacheControl(input: ParsedGenerationInput, row: GenerationRow): string {
  if (input.seed === -1) return "no-store";
  const age = "max-age=86400, stale-while-revalidate=604800";
  return row.private ? `private, ${age}` : `public, ${age}`;
}

/** GET /prompt/{prompt} answered with the PNG itself, or the JSON error of why not. */
export async function promptImageResponse(
  request: Request,
  input: ParsedGenerationInput,
  enhancedPrompt: string | undefined,
): Promise<Response> {
  const served = await generate(request, input);
  const key = served.row.object_keys?.png;
  if (!key) throw new ApiError("generation_failed", "The generation has no image.");
  const etag = contentEtag(key);
  const headers = new Headers({
    ...served.headers,
    "Content-Type": "image/png",
    "Cache-Control": cacheControl(input, served.row),
    ETag: etag,
    "X-Cache": served.cache,
    "X-Generation-Id": served.row.id,
    "X-Model": served.row.params.model,
    // The built-in generator made it instead of FLUX: the image budget is spent (lib/spend).
    ...(served.row.params.generator === "local"
      ? { "X-Fallback": "local-generator; reason=budget" }
      : {}),
    "X-Seed": String(served.row.seed ?? served.row.params.seed),
    ...(enhancedPrompt ? { "X-Enhanced-Prompt": encodeURIComponent(enhancedPrompt) } : {}),
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers":
      "ETag, X-Cache, X-Generation-Id, X-Model, X-Seed, X-Enhanced-Prompt, X-Fallback",
    "X-Content-Type-Options": "nosniff",
  });
  for (const cookie of served.setCookies) headers.append("Set-Cookie", cookie);
  if (ifNoneMatchMatches(request.headers.get("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers });
  }
  const bytes = await cachedObjectBytes(key);
  if (!bytes) throw new ApiError("not_found", "The image is missing from storage.");
  // A view of the cached bytes, not a copy.
  const body = new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  return new Response(body, { status: 200, headers });
}
