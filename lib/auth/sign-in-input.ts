import { z } from "zod";

/** Sign-in input checks shared by the form (client) and the server. No secrets, no server imports. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address, like you@example.com."))
  .transform((email) => email.toLowerCase());

const BASE = "http://likeness.invalid";

/** A path a browser would read as another host: `//host`, `/\\host`, or either percent-encoded. */
function leavesSite(path: string): boolean {
  let decoded = path;
  // Encoded twice over is still a way out once something decodes it twice.
  for (let i = 0; i < 3; i++) {
    if (/^[\\/]{2}/.test(decoded) || /^\/[\\\u0000-\u0020]/.test(decoded)) return true;
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) return false;
      decoded = next;
    } catch {
      return true;
    }
  }
  return true;
}

/**
 * Where to go after signing in: a path on this site, or "/". The one function every post-sign-in
 * redirect goes through (the local sign-in link, the Supabase confirm route, /signin's link).
 *
 * The target is resolved first, as a browser would (`new URL(next, origin)`: dot-segments and
 * backslashes), then required to stay on this origin and rebuilt from its pathname and search, so
 * `/.//evil.example`, `/..//evil.example` and `/\evil.example` cannot turn into `//evil.example`
 * once normalised. Protocol-relative and percent-encoded variants, control characters, and the
 * sign-in flow itself fall back to "/".
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next.length > 512) return "/";
  if (!next.startsWith("/") || leavesSite(next)) return "/";
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  try {
    const url = new URL(next, BASE);
    if (url.origin !== BASE) return "/";
    const path = `${url.pathname}${url.search}${url.hash}`;
    if (leavesSite(path)) return "/";
    // Never back into the sign-in flow itself.
    if (url.pathname === "/signin" || url.pathname.startsWith("/auth/")) return "/";
    return path;
  } catch {
    return "/";
  }
}
