import { ApiError } from "./errors";

/**
 * A path whose percent-escapes do not decode (`/prompt/%ZZ`, `/i/%c0%ae`, a lone `%`) is refused
 * here, in the proxy, as our usual JSON 400: left to Next, its router fails to decode it and answers
 * its own plain-text 500 before any route handler runs. `pathname` is the raw, still-encoded path.
 */
export function malformedPathError(pathname: string): ApiError | null {
  if (!pathname.includes("%")) return null;
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    return new ApiError(
      "bad_request",
      "The URL path has a malformed percent-escape: each % must start a valid UTF-8 escape such as %20 (write a literal % as %25).",
    );
  }
}
