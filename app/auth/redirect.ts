/**
 * A 303 to a path on this site (a relative Location: the browser resolves it against the URL it
 * asked for, so a proxy in front never turns it into an internal address). No referrer: the URL
 * that led here may hold a one-time token.
 */
export function seeOther(path: string): Response {
  return new Response(null, {
    status: 303,
    headers: { Location: path, "Referrer-Policy": "no-referrer" },
  });
}
