import { describe, expect, it } from "vitest";
import { checkOutboundUrl, isAllowListed, OutboundUrlError, type ResolveAll } from "./ssrf";

/** A fake DNS: each name resolves to the listed addresses; anything else does not resolve. */
const dns: Record<string, string[]> = {
  "hooks.example.com": ["93.184.216.34"],
  "v6.example.com": ["2606:2800:220:1:248:1893:25c8:1946"],
  "internal.example.com": ["10.1.2.3"],
  "metadata.example.com": ["169.254.169.254"],
  "mixed.example.com": ["93.184.216.34", "192.168.1.10"],
  "loop6.example.com": ["::1"],
  "mapped.example.com": ["::ffff:127.0.0.1"],
};
const resolve: ResolveAll = async (host) => {
  const addresses = dns[host];
  if (!addresses) throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
  return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};
const policy = { allowedHosts: ["127.0.0.1:4999", "localhost"], resolve };
/** Without "localhost": the rules themselves refuse it. */
const strict = { allowedHosts: ["127.0.0.1:4999"], resolve };

async function refusal(url: string): Promise<string> {
  const error = await checkOutboundUrl(url, strict).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OutboundUrlError)) throw new Error(`${url} was not refused`);
  return error.reason;
}

describe("checkOutboundUrl", () => {
  it.each([
    ["http://169.254.169.254/latest/meta-data/", /link-local.*metadata/],
    ["http://10.0.0.5/hook", /private network/],
    ["http://172.16.3.4/", /private network/],
    ["http://192.168.0.1/", /private network/],
    ["http://127.0.0.1/", /loopback/],
    ["http://127.1/", /loopback/],
    ["http://2130706433/", /127\.0\.0\.1 is a loopback/],
    ["http://0x7f000001/", /loopback/],
    ["http://0177.0.0.1/", /loopback/],
    ["http://0.0.0.0/", /unspecified/],
    ["http://100.64.0.1/", /carrier-grade NAT/],
    ["http://224.0.0.1/", /multicast/],
    ["http://255.255.255.255/", /broadcast/],
    ["http://192.0.2.1/", /reserved/],
    ["http://[::1]/", /loopback/],
    ["http://[::]/", /unspecified/],
    ["http://[fe80::1]/", /link-local/],
    ["http://[fd00::1]/", /unique local/],
    ["http://[::ffff:127.0.0.1]/", /IPv4-mapped IPv6 form of a loopback/],
    ["http://[::ffff:a9fe:a9fe]/", /IPv4-mapped IPv6 form of a link-local/],
    ["http://[2002:7f00:1::]/", /6to4/],
    ["http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", /Teredo/],
    ["http://[64:ff9b::a00:1]/", /NAT64/],
    ["http://localhost:8080/", /internal name/],
    ["http://api.localhost/", /internal name/],
    ["http://metadata.google.internal/computeMetadata/v1/", /metadata service/],
    ["http://metadata/", /metadata service/],
    ["http://printer.local/", /internal name/],
    ["http://intranet/", /not a fully qualified/],
    ["http://internal.example.com/", /resolves to 10\.1\.2\.3, a private network/],
    ["http://metadata.example.com/", /resolves to 169\.254\.169\.254, a link-local/],
    ["http://mixed.example.com/", /resolves to 192\.168\.1\.10/],
    ["http://loop6.example.com/", /resolves to ::1, a loopback/],
    ["http://mapped.example.com/", /IPv4-mapped/],
    ["http://nowhere.example.com/", /does not resolve/],
    ["http://127.0.0.1:5000/", /loopback/],
    ["ftp://hooks.example.com/", /only http and https/],
    ["file:///etc/passwd", /only http and https/],
    ["http://user:pass@hooks.example.com/", /user name or password/],
    ["not a url", /not a valid absolute URL/],
  ])("refuses %s", async (url, reason) => {
    expect(await refusal(url)).toMatch(reason);
  });

  it.each([
    ["https://hooks.example.com/likeness", ["93.184.216.34"]],
    ["https://hooks.example.com:8443/x", ["93.184.216.34"]],
    ["http://v6.example.com/", ["2606:2800:220:1:248:1893:25c8:1946"]],
    ["http://93.184.216.34/hook", ["93.184.216.34"]],
    ["http://[2606:4700::1111]/", ["2606:4700::1111"]],
  ])("allows the public %s", async (url, addresses) => {
    const checked = await checkOutboundUrl(url, policy);
    expect(checked.allowListed).toBe(false);
    expect(checked.addresses.map((a) => a.address)).toEqual(addresses);
  });

  it.each(["http://127.0.0.1:4999/hook", "http://localhost/", "http://LOCALHOST:1234/x"])(
    "lets the allow-listed %s through",
    async (url) => {
      expect((await checkOutboundUrl(url, policy)).allowListed).toBe(true);
    },
  );
});

describe("isAllowListed", () => {
  it.each([
    ["http://127.0.0.1:4999/", ["127.0.0.1:4999"], true],
    ["http://127.0.0.1:5000/", ["127.0.0.1:4999"], false],
    ["http://127.0.0.1/", ["127.0.0.1:80"], true],
    ["https://127.0.0.1/", ["127.0.0.1:80"], false],
    ["http://[::1]:4999/", ["[::1]:4999"], true],
    ["http://[::1]:4999/", ["::1"], true],
    ["http://127.0.0.2:4999/", ["127.0.0.1:4999"], false],
    ["http://evil.127.0.0.1.nip.io:4999/", ["127.0.0.1:4999"], false],
  ] as const)("%s against %j: %s", (url, entries, allowed) => {
    expect(isAllowListed(new URL(url), entries)).toBe(allowed);
  });
});
