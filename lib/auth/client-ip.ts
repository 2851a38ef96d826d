import { isIP } from "node:net";

/**
 * The header the web server entry (server.mjs) writes the TCP peer's address into, after dropping
 * whatever a client sent under that name. Next itself exposes no socket address to route handlers.
 */
export const PEER_ADDRESS_HEADER = "x-likeness-peer-address";

/**
 * The address limits count a client by: the trusted proxy's header when TRUSTED_PROXY_HEADER is set
 * and the request carries it, otherwise the TCP peer (server.mjs). Null when neither is known: the
 * app was started some other way (`next dev`, a bare `next start`) or the call did not come over HTTP.
 */
export function clientAddress(headers: Headers, trustedHeader: string | undefined): string | null {
  return clientIp(headers, trustedHeader) ?? peerAddress(headers);
}

/** The TCP peer's address as server.mjs recorded it, normalised, or null. */
export function peerAddress(headers: Headers): string | null {
  const raw = headers.get(PEER_ADDRESS_HEADER);
  return raw ? normaliseIp(raw) : null;
}

/**
 * The client's IP, read from the one header the operator's reverse proxy sets (TRUSTED_PROXY_HEADER),
 * or null. No header is believed by default: without a proxy in front, a client can send any
 * X-Forwarded-For it likes, and a limit keyed on it would be a limit the client chooses.
 *
 * - Single-value headers (cf-connecting-ip, x-real-ip, fly-client-ip, true-client-ip): the value.
 * - x-forwarded-for (and any other list): the RIGHT-MOST entry. Each proxy appends the address it
 *   received the request from, so the last entry is the one our trusted proxy wrote; everything to
 *   its left came from the client (or from proxies we know nothing about) and may be forged. With
 *   more than one proxy of ours in a chain, configure the header of the outermost one instead.
 *
 * The result is a bare, normalised address: ports and [brackets] are stripped, IPv4-mapped IPv6
 * (::ffff:1.2.3.4) becomes plain IPv4, IPv6 is lower-cased. Anything that is not an IP gives null.
 */
export function clientIp(headers: Headers, trustedHeader: string | undefined): string | null {
  if (!trustedHeader) return null;
  const raw = headers.get(trustedHeader);
  if (raw === null) return null;
  // Headers.get joins repeated headers with ", ", so a repeated header is read as one list too.
  const last = raw.split(",").at(-1);
  return last === undefined ? null : normaliseIp(last);
}

/** A bare IP from one header entry ("1.2.3.4", "1.2.3.4:5678", "[2001:db8::1]:443", …), or null. */
export function normaliseIp(entry: string): string | null {
  let value = entry.trim().replace(/^"|"$/g, "");
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  // A zone id (fe80::1%eth0) names the proxy's interface, not part of the client's address.
  value = value.replace(/%.*$/, "").toLowerCase();
  const version = isIP(value);
  if (version === 0) return null;
  if (version === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
    if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  }
  return value;
}
