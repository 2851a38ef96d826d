/**
 * Both vendor clients retry a 429 on submit by themselves, ignoring what it says: @fal-ai/client 1.10
 * three times over 1 + 2 + 4 s, replicate 1.4 five times within milliseconds. Either way the call
 * outlasts its deadline or hammers a provider that asked us to slow down. The chain honours
 * Retry-After itself (lib/providers/chain.ts), so a submit's 429 must reach it at once: this fetch
 * hands the clients a 429 on a POST relabelled with a status neither retries, and `submitStatus`
 * turns it back into the 429 it was. Polls (GET) are left to the clients' own retries: the call
 * they ask about is already paid for.
 */

/** Outside both clients' retry lists (429, 5xx); nginx's "client closed request", never a provider's. */
const RELABELLED = 499;

export function fetchWithout429Retries(inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    if (response.status !== 429 || method.toUpperCase() !== "POST") return response;
    return new Response(response.body, {
      status: RELABELLED,
      statusText: "Too Many Requests",
      headers: response.headers,
    });
  };
}

/** The status the provider answered, undoing `fetchWithout429Retries`. */
export function submitStatus(status: number): number {
  return status === RELABELLED ? 429 : status;
}
