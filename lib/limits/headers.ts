/** Where one limit stands after a request: its size, what is left, and when its window ends. */
export interface PolicyState {
  limit: number;
  remaining: number;
  /** When the current window ends (the minute's, or midnight UTC), Unix time in milliseconds. */
  resetsAt: number;
}

/** The two policies a generation request can use, in the order they are advertised. */
export interface PolicyStates {
  /** The per-minute rate limit. */
  minute?: PolicyState;
  /** The daily quota (the tightest of the counters a request is charged to). */
  day?: PolicyState;
}

const WINDOW_SECONDS = { minute: 60, day: 86_400 } as const;

/**
 * The rate-limit header fields of a response that used the per-minute limit, the daily quota or
 * both (202s, 200s of a miss, and both kinds of 429):
 *
 * - `RateLimit-Policy` and `RateLimit` as draft-ietf-httpapi-ratelimit-headers-11 (May 2026) defines
 *   them: Structured Field Lists of items named by a String, `"minute"` and `"day"`; the policy
 *   gives the quota `q` and its window `w` in seconds, the state the remaining quota `r` and the
 *   seconds `t` until the window ends. E.g. `RateLimit-Policy: "minute";q=60;w=60, "day";q=500;w=86400`
 *   and `RateLimit: "minute";r=59;t=42, "day";r=480;t=31234`.
 * - `X-RateLimit-Limit`, `-Remaining` and `-Reset` (Unix seconds) for older clients, always the
 *   per-minute policy, and `X-RateLimit-Limit-Day`, `-Remaining-Day` and `-Reset-Day` for the daily
 *   quota, so no name changes meaning from one response to the next.
 */
export function rateLimitHeaders(states: PolicyStates, now = Date.now()): Record<string, string> {
  const named = (["minute", "day"] as const).flatMap((name) => {
    const state = states[name];
    return state ? [{ name, state }] : [];
  });
  if (named.length === 0) return {};
  const headers: Record<string, string> = {
    "RateLimit-Policy": named
      .map(({ name, state }) => `"${name}";q=${whole(state.limit)};w=${WINDOW_SECONDS[name]}`)
      .join(", "),
    RateLimit: named
      .map(
        ({ name, state }) => `"${name}";r=${whole(state.remaining)};t=${secondsUntil(state, now)}`,
      )
      .join(", "),
  };
  if (states.minute) Object.assign(headers, legacy(states.minute, ""));
  if (states.day) Object.assign(headers, legacy(states.day, "-Day"));
  return headers;
}

function legacy(state: PolicyState, suffix: string): Record<string, string> {
  return {
    [`X-RateLimit-Limit${suffix}`]: String(whole(state.limit)),
    [`X-RateLimit-Remaining${suffix}`]: String(whole(state.remaining)),
    [`X-RateLimit-Reset${suffix}`]: String(Math.ceil(state.resetsAt / 1000)),
  };
}

/** Structured Field Integers are non-negative here; a count can never be fractional. */
function whole(n: number): number {
  return Math.max(0, Math.floor(n));
}

function secondsUntil(state: PolicyState, now: number): number {
  return Math.max(0, Math.ceil((state.resetsAt - now) / 1000));
}
