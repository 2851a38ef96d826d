import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newAnonymousId, signAnonymousId, verifyAnonymousCookie } from "./anonymous";

const key = new Uint8Array(32).fill(7);
const otherKey = new Uint8Array(32).fill(8);

describe("anonymous cookie", () => {
  it("round-trips an id this server signed", () => {
    const id = newAnonymousId();
    const cookie = signAnonymousId(id, key);
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(verifyAnonymousCookie(cookie, key)).toBe(id);
  });

  it("makes a new random id each time", () => {
    const ids = new Set(Array.from({ length: 100 }, newAnonymousId));
    expect(ids.size).toBe(100);
  });

  it("rejects a cookie signed with another key", () => {
    const id = newAnonymousId();
    expect(verifyAnonymousCookie(signAnonymousId(id, otherKey), key)).toBeNull();
  });

  it("rejects someone else's signature on a chosen id", () => {
    const [, signature] = signAnonymousId(newAnonymousId(), key).split(".");
    expect(verifyAnonymousCookie(`${newAnonymousId()}.${signature}`, key)).toBeNull();
  });

  it("rejects a forged HMAC over the bare id (the signature covers a purpose prefix)", () => {
    const id = newAnonymousId();
    const bare = createHmac("sha256", key).update(id).digest("base64url");
    expect(verifyAnonymousCookie(`${id}.${bare}`, key)).toBeNull();
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["no signature", newAnonymousId()],
    ["empty signature", `${newAnonymousId()}.`],
    ["short id", "abc.def"],
    ["truncated signature", signAnonymousId(newAnonymousId(), key).slice(0, -2)],
    ["extra characters", `${signAnonymousId(newAnonymousId(), key)}==`],
    ["id with a dot", `a.${signAnonymousId(newAnonymousId(), key)}`],
  ])("rejects a %s cookie", (_name, value) => {
    expect(verifyAnonymousCookie(value, key)).toBeNull();
  });

  it("refuses to sign something that is not an id", () => {
    expect(() => signAnonymousId("user:1", key)).toThrow();
  });
});
