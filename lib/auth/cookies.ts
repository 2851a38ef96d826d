import {
  type CookieOptions,
  parseCookieHeader,
  serializeCookieHeader,
} from "@/lib/supabase/server";

/**
 * The cookies of one request, readable and writable the same way whether they come from a route
 * handler's Request (writes become Set-Cookie header values the caller sends) or from next/headers
 * in a Server Component (which cannot write; writes are dropped there).
 */
export interface CookieJar {
  get(name: string): string | undefined;
  getAll(): { name: string; value: string }[];
  set(name: string, value: string, options: CookieOptions): void;
}

export interface RequestCookieJar extends CookieJar {
  /** Set-Cookie header values for every write, in order. */
  readonly setCookies: string[];
}

export function requestCookieJar(request: Request): RequestCookieJar {
  const current = new Map(
    parseCookieHeader(request.headers.get("cookie") ?? "").map((c) => [c.name, c.value]),
  );
  const setCookies: string[] = [];
  return {
    setCookies,
    get: (name) => current.get(name),
    getAll: () => [...current].map(([name, value]) => ({ name, value })),
    set(name, value, options) {
      // Later reads in the same request see the write, as they would with next/headers.
      if (options.maxAge === 0 || value === "") current.delete(name);
      else current.set(name, value);
      setCookies.push(serializeCookieHeader(name, value, options));
    },
  };
}

/** The subset of next/headers' cookie store the jar needs. */
export interface NextCookieStore {
  getAll(): { name: string; value: string }[];
  set(name: string, value: string, options?: CookieOptions): unknown;
}

export function nextCookieJar(store: NextCookieStore): CookieJar {
  return {
    get: (name) => store.getAll().find((c) => c.name === name)?.value,
    getAll: () => store.getAll().map(({ name, value }) => ({ name, value })),
    set(name, value, options) {
      try {
        store.set(name, value, options);
      } catch {
        // A Server Component cannot set cookies; the proxy (or the next route handler) will.
      }
    },
  };
}

/**
 * Our own cookies: HttpOnly (no script reads them), SameSite=Lax (sent on top-level navigation, not
 * on cross-site subrequests or form posts), Secure whenever the app is served over https.
 */
export function appCookieOptions(secure: boolean, maxAge: number): CookieOptions {
  return { path: "/", httpOnly: true, sameSite: "lax", secure, maxAge };
}

/** Whether cookies must be Secure: the public origin (APP_URL) or this request is https. */
export function isSecureContext(request: Request, appUrl: string | undefined): boolean {
  if (appUrl !== undefined) return appUrl.startsWith("https:");
  return new URL(request.url).protocol === "https:";
}

/**
 * Adds Set-Cookie values to a response. A response that sets a cookie must never be stored by a
 * shared cache (a CDN would hand one visitor's cookie to the next), so it also becomes private.
 */
export function withSetCookies<R extends Response>(response: R, setCookies: readonly string[]): R {
  if (setCookies.length === 0) return response;
  for (const value of setCookies) response.headers.append("Set-Cookie", value);
  response.headers.set("Cache-Control", "private, no-cache, no-store, must-revalidate, max-age=0");
  return response;
}
