import { z } from "zod";

/** Sign-in input checks shared by the form (client) and the server. No secrets, no server imports. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address, like you@example.com."))
  .transform((email) => email.toLowerCase());

/**
 * Where to go after signing in: a path on this site, or "/". Anything that could leave the site
 * (//evil.example, /\evil.example, https://…) or smuggle control characters falls back to "/".
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next.length > 512) return "/";
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  try {
    const url = new URL(next, "http://likeness.invalid");
    if (url.origin !== "http://likeness.invalid") return "/";
    // Never back into the sign-in flow itself.
    if (url.pathname === "/signin" || url.pathname.startsWith("/auth/")) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
