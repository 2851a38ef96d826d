import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clientAddress, clientIp, normaliseIp, PEER_ADDRESS_HEADER } from "./client-ip";

const headers = (init: Record<string, string>) => new Headers(init);

describe("clientIp", () => {
  it("believes no header when no trusted proxy header is configured", () => {
    const h = headers({
      "x-forwarded-for": "203.0.113.7",
      "cf-connecting-ip": "203.0.113.8",
      "x-real-ip": "203.0.113.9",
    });
    expect(clientIp(h, undefined)).toBeNull();
    expect(clientIp(h, "")).toBeNull();
  });

  it("reads a single-value header such as cf-connecting-ip", () => {
    expect(clientIp(headers({ "cf-connecting-ip": "203.0.113.8" }), "cf-connecting-ip")).toBe(
      "203.0.113.8",
    );
  });

  it("ignores every other header, X-Forwarded-For included", () => {
    const h = headers({ "x-forwarded-for": "198.51.100.1" });
    expect(clientIp(h, "cf-connecting-ip")).toBeNull();
  });

  it("takes the right-most X-Forwarded-For entry: the one the trusted proxy appended", () => {
    // The client sent "X-Forwarded-For: 1.1.1.1, 10.0.0.1"; our proxy appended the real peer.
    const h = headers({ "x-forwarded-for": "1.1.1.1, 10.0.0.1, 203.0.113.7" });
    expect(clientIp(h, "x-forwarded-for")).toBe("203.0.113.7");
  });

  it("reads repeated headers as one list", () => {
    const h = new Headers();
    h.append("x-forwarded-for", "1.1.1.1");
    h.append("x-forwarded-for", "203.0.113.7");
    expect(clientIp(h, "x-forwarded-for")).toBe("203.0.113.7");
  });

  it("gives null when the trusted entry is not an IP", () => {
    expect(clientIp(headers({ "x-forwarded-for": "1.1.1.1, unknown" }), "x-forwarded-for")).toBe(
      null,
    );
    expect(clientIp(headers({ "x-forwarded-for": "1.1.1.1," }), "x-forwarded-for")).toBeNull();
    expect(clientIp(headers({ "x-real-ip": "" }), "x-real-ip")).toBeNull();
  });
});

describe("normaliseIp", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7 ", "203.0.113.7"],
    ["203.0.113.7:51234", "203.0.113.7"],
    ["2001:DB8::1", "2001:db8::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ['"203.0.113.7"', "203.0.113.7"],
    ["fe80::1%eth0", "fe80::1"],
    ["::1", "::1"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseIp(input)).toBe(expected);
  });

  it.each(["", "unknown", "example.com", "300.1.1.1", "1.2.3", "1.2.3.4.5", "_hidden", "[::1"])(
    "rejects %j",
    (input) => {
      expect(normaliseIp(input)).toBeNull();
    },
  );
});

describe("clientAddress", () => {
  const peer = { [PEER_ADDRESS_HEADER]: "::ffff:198.51.100.4" };

  it("is the TCP peer (recorded by server.mjs) when no trusted proxy header is configured", () => {
    expect(clientAddress(headers({ ...peer, "x-forwarded-for": "6.6.6.6" }), undefined)).toBe(
      "198.51.100.4",
    );
  });

  it("is the trusted proxy's header when configured and sent, else still the peer", () => {
    const h = headers({ ...peer, "cf-connecting-ip": "203.0.113.8" });
    expect(clientAddress(h, "cf-connecting-ip")).toBe("203.0.113.8");
    expect(clientAddress(headers(peer), "cf-connecting-ip")).toBe("198.51.100.4");
  });

  it("is unknown without either, or with a peer value that is not an address", () => {
    expect(clientAddress(headers({ "x-forwarded-for": "6.6.6.6" }), undefined)).toBeNull();
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "nonsense" }), undefined)).toBeNull();
  });

  it("reads the header server.mjs writes (the two names are one)", () => {
    const server = readFileSync(path.resolve(import.meta.dirname, "../../server.mjs"), "utf8");
    expect(server).toContain(`const PEER_ADDRESS_HEADER = "${PEER_ADDRESS_HEADER}";`);
  });
});
