import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/**
 * The SSRF rules for every URL the app fetches on a user's or a provider's behalf (webhooks, provider
 * output images): only public unicast addresses, checked on the literal and again on every address
 * the name resolves to. The explicit allow-list (OUTBOUND_ALLOWED_HOSTS, a provider's configured
 * endpoint) is the only way past them.
 */

/** A resolver shaped like `dns.promises.lookup(host, { all: true })`; injectable for tests. */
export type ResolveAll = (host: string) => Promise<readonly { address: string; family: number }[]>;

export const systemResolver: ResolveAll = (host) => lookup(host, { all: true, verbatim: true });

/** A URL the rules refuse, with the reason in words a caller can act on. */
export class OutboundUrlError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "OutboundUrlError";
  }
}

const RANGE_NAMES: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private network address",
  linkLocal: "a link-local address (this includes the cloud metadata service 169.254.169.254)",
  uniqueLocal: "a private (unique local) IPv6 address",
  carrierGradeNat: "a carrier-grade NAT address",
  unspecified: "the unspecified address",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  reserved: "a reserved address",
  ipv4Mapped: "the IPv4-mapped IPv6 form of",
  "6to4": "a 6to4 address (it can embed any IPv4 address)",
  teredo: "a Teredo address (it can embed any IPv4 address)",
  rfc6052: "a NAT64 address (it can embed any IPv4 address)",
};

/**
 * Names that point inside the infrastructure whatever DNS says: cloud metadata endpoints, mDNS and
 * the reserved internal suffixes. Single-label names are refused too: resolvers complete them with
 * the host's search domains, which are internal by definition.
 */
const INTERNAL_NAMES = [/^localhost$/, /\.localhost$/, /\.local$/, /\.internal$/, /\.localdomain$/];
const METADATA_NAMES = new Set(["metadata", "metadata.google.internal", "instance-data"]);

/**
 * What kind of non-public address this is ("a loopback address"), or undefined for a public unicast
 * one. IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged by the IPv4 address inside it.
 */
export function addressProblem(address: string): string | undefined {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, ""));
  } catch {
    return "not an IP address";
  }
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress()) {
    const inner = addressProblem(ip.toIPv4Address().toString());
    return inner && `${RANGE_NAMES.ipv4Mapped} ${inner}`;
  }
  const range = ip.range();
  if (range === "unicast") return undefined;
  return RANGE_NAMES[range] ?? `in the special-purpose range "${range}"`;
}

/** Why a host name may not be fetched before any DNS lookup, or undefined. */
export function hostnameProblem(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (METADATA_NAMES.has(host)) return `${host} is a cloud metadata service`;
  if (INTERNAL_NAMES.some((pattern) => pattern.test(host))) return `${host} is an internal name`;
  if (!host.includes(".")) return `${host} is not a fully qualified public host name`;
  return undefined;
}

/** http(s) only, no credentials; the URL as WHATWG parses it (so 2130706433 reads 127.0.0.1). */
export function parseOutboundUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundUrlError("it is not a valid absolute URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new OutboundUrlError(`only http and https URLs are allowed, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new OutboundUrlError("the URL must not contain a user name or password");
  }
  return url;
}

/** The host as URL.hostname writes it, with brackets stripped from IPv6 literals. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === "https:" ? "443" : "80");
}

/**
 * Entries are `host` (any port) or `host:port`, IPv6 in brackets (`[::1]:4999`). Matching is on
 * the exact host the URL names, so allowing `127.0.0.1:4999` allows nothing else on 127.0.0.1.
 */
export function isAllowListed(url: URL, allowedHosts: readonly string[]): boolean {
  const host = bareHost(url);
  const port = effectivePort(url);
  return allowedHosts.some((entry) => {
    const match = /^\[?([^\]]+?)\]?(?::(\d{1,5}))?$/.exec(entry.trim().toLowerCase());
    if (!match) return false;
    const [, entryHost, entryPort] = match;
    // A bare IPv6 entry has colons of its own: only the bracketed form carries a port.
    if (entryHost?.includes(":") && !entry.trim().startsWith("[")) return entry.trim() === host;
    return entryHost === host && (entryPort === undefined || entryPort === port);
  });
}

/** `host` or `host:port` of an origin, as an allow-list entry for it (a configured endpoint). */
export function allowListEntry(origin: string): string {
  const url = new URL(origin);
  return url.port ? url.host : url.hostname;
}

export interface OutboundPolicy {
  allowedHosts: readonly string[];
  resolve?: ResolveAll;
}

export interface CheckedUrl {
  url: URL;
  /** True when the allow-list let it through without the address rules. */
  allowListed: boolean;
  /** The public addresses the host resolved to (empty for allow-listed hosts). */
  addresses: { address: string; family: number }[];
}

/**
 * Refuses (OutboundUrlError) a URL that is not http(s), carries credentials, names an internal host,
 * or whose host is or resolves to any non-public address. Every resolved address must be public: a
 * name with one public and one private address could be connected to either.
 */
export async function checkOutboundUrl(raw: string, policy: OutboundPolicy): Promise<CheckedUrl> {
  const url = parseOutboundUrl(raw);
  if (isAllowListed(url, policy.allowedHosts)) return { url, allowListed: true, addresses: [] };
  const host = bareHost(url);
  if (ipaddr.isValid(host)) {
    const problem = addressProblem(host);
    if (problem) throw new OutboundUrlError(`${host} is ${problem}`);
    return {
      url,
      allowListed: false,
      addresses: [{ address: host, family: host.includes(":") ? 6 : 4 }],
    };
  }
  return { url, allowListed: false, addresses: await resolvePublic(host, policy.resolve) };
}

/** The addresses of a host name, all of them public, or an OutboundUrlError saying which is not. */
export async function resolvePublic(
  hostname: string,
  resolve: ResolveAll = systemResolver,
): Promise<{ address: string; family: number }[]> {
  const nameProblem = hostnameProblem(hostname);
  if (nameProblem) throw new OutboundUrlError(nameProblem);
  let addresses: readonly { address: string; family: number }[];
  try {
    addresses = await resolve(hostname);
  } catch {
    throw new OutboundUrlError(`${hostname} does not resolve`);
  }
  if (addresses.length === 0) throw new OutboundUrlError(`${hostname} does not resolve`);
  for (const { address } of addresses) {
    const problem = addressProblem(address);
    if (problem) throw new OutboundUrlError(`${hostname} resolves to ${address}, ${problem}`);
  }
  return [...addresses];
}
