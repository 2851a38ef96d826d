import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiError } from "@/lib/api/errors";
import { query } from "@/lib/db";
import type { PgRow } from "@/lib/db/database.types";
import { logger } from "@/lib/observability/log";

const log = logger("idempotency");

/** Stripe's limit on the header's length; printable ASCII only, so it is stored and logged as sent. */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;
const TTL_HOURS = 24;
/**
 * How long the request that claimed a key may run before a retry takes over: above the longest a
 * request waits for its images (the OpenAI dialect's 120 s), so only a request whose process died
 * is ever taken over.
 */
const LEASE_SECONDS = 150;
/** How long a concurrent duplicate waits for the first to answer before it is told to retry. */
const MAX_WAIT_MS = (LEASE_SECONDS + 10) * 1000;
/** The headers a replay carries; never Set-Cookie (the replay's own request sets its cookies). */
const KEPT_HEADERS = new Set([
  "content-type",
  "cache-control",
  "location",
  "x-cache",
  "ratelimit-policy",
  "ratelimit",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-ratelimit-reset",
  "x-ratelimit-limit-day",
  "x-ratelimit-remaining-day",
  "x-ratelimit-reset-day",
]);

type StoredRow = Pick<
  PgRow<"idempotency_keys">,
  "fingerprint" | "status" | "response_status" | "response_headers" | "response_body"
>;

/**
 * Runs `produce` at most once per caller and `Idempotency-Key` within 24 hours, with Stripe's
 * semantics, for the POSTs that create generations:
 * - no header: `produce` runs as usual;
 * - the same key with the same request (method, path and body) replays the first answer: its
 *   status, body and headers, plus `Idempotent-Replayed: true`, with nothing charged again;
 * - the same key with another request is a 422 `idempotency_key_reused`;
 * - a duplicate that arrives while the first still runs waits for it, then replays its answer;
 * - only a success (2xx) is kept: after any error, 4xx or 5xx, the key is free again, so the client
 *   can retry (after fixing the request, or after Retry-After) with the same key.
 *
 * Keys belong to `scope`, the caller's subject: an account (its session and every one of its API
 * keys) or an anonymous visitor. The record lives in Postgres beside the charge it stands for: a
 * Redis flush must never turn a retry into a second charge.
 */
export async function idempotent(
  request: Request,
  scope: string,
  body: unknown,
  produce: () => Promise<Response>,
): Promise<Response> {
  const key = request.headers.get("idempotency-key");
  if (key === null) return produce();
  if (!KEY_PATTERN.test(key)) {
    throw new ApiError(
      "bad_request",
      "The Idempotency-Key header must be 1 to 255 printable ASCII characters (a UUID is a good choice).",
    );
  }
  const fingerprint = createHash("sha256")
    .update(`${request.method} ${new URL(request.url).pathname}\n${canonicalJson(body)}`)
    .digest("hex");
  const outcome = await claim(scope, key, fingerprint, request.signal);
  if ("replay" in outcome) return replay(outcome.replay);

  let response: Response;
  try {
    response = await produce();
  } catch (error) {
    await release(scope, key, outcome.claim);
    throw error;
  }
  if (response.ok) await store(scope, key, outcome.claim, response);
  else await release(scope, key, outcome.claim);
  return response;
}

/** Claims the key for this request, or returns the stored answer to replay; waits while another runs. */
async function claim(
  scope: string,
  key: string,
  fingerprint: string,
  signal: AbortSignal,
): Promise<{ claim: string } | { replay: StoredRow }> {
  const giveUpAt = Date.now() + MAX_WAIT_MS;
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    // New, expired, or abandoned by a request whose lease ran out: ours.
    const [mine] = await query<{ claim: string }>(
      `insert into public.idempotency_keys (scope, key, fingerprint, locked_until, expires_at)
       values ($1, $2, $3, now() + make_interval(secs => $4), now() + make_interval(hours => $5))
       on conflict (scope, key) do update set
         fingerprint = excluded.fingerprint, status = 'in_progress', claim = gen_random_uuid(),
         locked_until = excluded.locked_until, response_status = null, response_headers = null,
         response_body = null, created_at = now(), expires_at = excluded.expires_at
       where idempotency_keys.expires_at <= now()
          or (idempotency_keys.status = 'in_progress' and idempotency_keys.locked_until <= now()
              and idempotency_keys.fingerprint = excluded.fingerprint)
       returning claim`,
      [scope, key, fingerprint, LEASE_SECONDS, TTL_HOURS],
    );
    if (mine) {
      sweepExpired();
      return { claim: mine.claim };
    }
    const [row] = await query<StoredRow>(
      `select fingerprint, status, response_status, response_headers, response_body
       from public.idempotency_keys where scope = $1 and key = $2`,
      [scope, key],
    );
    if (!row) continue; // released between the two statements: claim it now
    if (row.fingerprint !== fingerprint) throw reused();
    if (row.status === "completed") return { replay: row };
    if (signal.aborted || Date.now() + delay > giveUpAt) throw inUse();
    await sleep(delay);
  }
}

/**
 * Now and then (one new claim in a hundred), deletes a batch of keys past their 24 hours, so the
 * table holds about a day of answers without a scheduled job.
 */
function sweepExpired(): void {
  if (Math.random() >= 0.01) return;
  query(
    `delete from public.idempotency_keys where ctid = any(array(
       select ctid from public.idempotency_keys where expires_at <= now() limit 500))`,
  ).catch((error: unknown) => {
    log.warn({ err: (error as Error).message }, "could not sweep expired idempotency keys");
  });
}

async function store(scope: string, key: string, claimed: string, response: Response) {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (KEPT_HEADERS.has(name)) headers[name] = value;
  });
  try {
    await query(
      `update public.idempotency_keys
       set status = 'completed', response_status = $4, response_headers = $5, response_body = $6
       where scope = $1 and key = $2 and claim = $3`,
      [
        scope,
        key,
        claimed,
        response.status,
        JSON.stringify(headers),
        await response.clone().text(),
      ],
    );
  } catch (error) {
    // The answer still goes out; a retry after the lease runs the request again (joining the work
    // already in flight, or a free cache hit), never a second charge for the same generation.
    log.warn({ err: (error as Error).message }, "could not store an idempotent answer");
  }
}

async function release(scope: string, key: string, claimed: string): Promise<void> {
  await query("delete from public.idempotency_keys where scope = $1 and key = $2 and claim = $3", [
    scope,
    key,
    claimed,
  ]).catch((error: unknown) => {
    log.warn({ err: (error as Error).message }, "could not release an idempotency key");
  });
}

function replay(row: StoredRow): Response {
  const headers = new Headers(row.response_headers as Record<string, string>);
  headers.set("Idempotent-Replayed", "true");
  return new Response(row.response_body, { status: row.response_status ?? 200, headers });
}

function reused(): ApiError {
  return new ApiError(
    "idempotency_key_reused",
    "This Idempotency-Key was already used with a different request (method, path or body) in the last 24 hours. Use a new key for a new request.",
  );
}

function inUse(): ApiError {
  return new ApiError(
    "idempotency_key_in_use",
    "A request with this Idempotency-Key is still being processed. Retry shortly with the same key to get its answer.",
    { headers: { "Retry-After": "1" } },
  );
}

/** JSON with object keys sorted, so the same body sent with its fields in another order matches. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
