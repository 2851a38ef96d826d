// Calls the app's route handlers the way server.mjs hands them requests: with the TCP peer's address
// in its own header. Tests that import this must mock "server-only" and "next/headers" first.
import { randomInt, randomUUID } from "node:crypto";
import { query } from "@/lib/db";
import { authKey } from "@/lib/auth/secret";
import { signLocalSession } from "@/lib/auth/local-session";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-ip";

/**
 * A loopback origin: with no APP_URL configured, it is the only kind of Host the app keeps as its own
 * origin (lib/api/origin.ts), so a session's POSTs carry the Origin the cookie check accepts.
 */
export const ORIGIN = "http://127.0.0.1:3999";

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

export interface Call {
  method?: string;
  /** The TCP peer's address, as server.mjs records it. */
  from?: string;
  headers?: Record<string, string>;
  json?: unknown;
}

export function call(handler: Handler, path: string, init: Call = {}): Promise<Response> {
  const headers = new Headers({ host: new URL(ORIGIN).host, origin: ORIGIN, ...init.headers });
  if (init.from) headers.set(PEER_ADDRESS_HEADER, init.from);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const request = new Request(`${ORIGIN}${path}`, {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return handler(request, { params: Promise.resolve({} as never) });
}

/** A fresh documentation-range address, so runs and tests never share counters. */
export function newAddress(): string {
  return `198.${18 + randomInt(2)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/** The `name=value` pair a response set, for the next request's Cookie header. */
export function cookieOf(response: Response, name: string): string | undefined {
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(";")[0];
}

export interface TestAccount {
  id: string;
  email: string;
  /** Cookie header value of a signed-in local session. */
  session: string;
}

/** A new account of `tier` (with `overrides`), signed in. */
export async function newAccount(
  tier: string,
  overrides: Record<string, unknown> = {},
): Promise<TestAccount> {
  const email = `it-${randomUUID().slice(0, 8)}@limits.test`;
  const [user] = await query<{ id: string }>(
    "insert into auth.users (email) values ($1) returning id",
    [email],
  );
  const id = user!.id;
  await query("update public.profiles set tier_id = $2, overrides = $3 where id = $1", [
    id,
    tier,
    overrides,
  ]);
  const token = await signLocalSession({ id, email }, authKey("local-session"));
  return { id, email, session: `lk_session=${token}` };
}

/** A unique generation request body (a distinct prompt is a cache miss). */
export function uniqueBody(label: string, extra: Record<string, unknown> = {}) {
  return { prompt: `${label} ${randomUUID()}`, width: 128, height: 128, ...extra };
}
