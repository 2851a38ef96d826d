import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  LOCAL_ISSUER,
  SESSION_MAX_AGE_S,
  signLocalSession,
  verifyLocalSession,
} from "./local-session";

const key = new Uint8Array(32).fill(1);
const user = { id: "8d3c5e2a-1b4f-4a6d-9e8c-7f6a5b4c3d2e", email: "ada@example.com" };

describe("local session token", () => {
  it("is shaped like a Supabase access token, for 7 days", async () => {
    const now = new Date("2026-11-22T10:00:00Z");
    const token = await signLocalSession(user, key, now);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: LOCAL_ISSUER,
      sub: user.id,
      aud: "authenticated",
      role: "authenticated",
      email: user.email,
      aal: "aal1",
      is_anonymous: false,
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 7 * 24 * 3600,
    });
    expect(claims.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(SESSION_MAX_AGE_S).toBe(7 * 24 * 3600);
  });

  it("verifies a token it signed", async () => {
    const claims = await verifyLocalSession(await signLocalSession(user, key), key);
    expect(claims).toMatchObject({ sub: user.id, email: user.email });
  });

  it("rejects an expired token", async () => {
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    expect(await verifyLocalSession(await signLocalSession(user, key, eightDaysAgo), key)).toBe(
      null,
    );
  });

  it("rejects a token signed with another key", async () => {
    const token = await signLocalSession(user, new Uint8Array(32).fill(2));
    expect(await verifyLocalSession(token, key)).toBeNull();
  });

  it("rejects a tampered token", async () => {
    const [header, , signature] = (await signLocalSession(user, key)).split(".");
    const payload = Buffer.from(
      JSON.stringify({ ...decodeJwt(await signLocalSession(user, key)), sub: "someone-else" }),
    ).toString("base64url");
    expect(await verifyLocalSession(`${header}.${payload}.${signature}`, key)).toBeNull();
  });

  it("rejects a token from another issuer, even signed with the same key", async () => {
    const supabaseLike = await new SignJWT({
      email: user.email,
      role: "authenticated",
      session_id: "s",
    })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("https://abcdefghijklmnopqrst.supabase.co/auth/v1")
      .setAudience("authenticated")
      .setSubject(user.id)
      .setExpirationTime("1h")
      .sign(key);
    expect(await verifyLocalSession(supabaseLike, key)).toBeNull();
  });

  it("rejects a token without the authenticated role", async () => {
    const anon = await new SignJWT({ email: user.email, role: "anon", session_id: "s" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(LOCAL_ISSUER)
      .setAudience("authenticated")
      .setSubject(user.id)
      .setExpirationTime("1h")
      .sign(key);
    expect(await verifyLocalSession(anon, key)).toBeNull();
  });

  it("rejects garbage and a missing cookie", async () => {
    expect(await verifyLocalSession(undefined, key)).toBeNull();
    expect(await verifyLocalSession("", key)).toBeNull();
    expect(await verifyLocalSession("a.b.c", key)).toBeNull();
  });
});
