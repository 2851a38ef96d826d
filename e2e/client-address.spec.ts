// The client address the app counts by is the TCP peer's (server.mjs), not a header the client sends:
// shown with connections from other loopback addresses (127.0.0.0/8 all reach the server on 127.0.0.1).
import { request as httpRequest } from "node:http";
import { generateApiKey } from "../lib/auth/api-keys";
import { expect, test } from "./fixtures";

interface Answer {
  status: number;
  body: { kind?: string; error?: { code: string } };
}

/** GET /api/v1/me/limits over a connection from `localAddress`, with `headers`. */
function limitsFrom(
  baseURL: string,
  localAddress: string,
  headers: Record<string, string>,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      new URL("/api/v1/me/limits", baseURL),
      { localAddress, headers, agent: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
/** Well-formed, with a valid checksum, and unknown: each one is a failed lookup. */
const unknownKey = () => generateApiKey().key;

test.describe("the client address", () => {
  test("21 unknown keys from one address make only its next failures 429s; a valid key works from it and from others", async ({
    baseURL,
    apiKey,
  }) => {
    const { key } = await apiKey();
    const guesser = "127.0.0.2";
    for (let i = 0; i < 20; i++) {
      // Headers a client makes up change nothing: the socket's address is what counts.
      const spoofed = {
        "x-forwarded-for": `10.1.0.${i}`,
        "x-likeness-peer-address": `10.2.0.${i}`,
      };
      const answer = await limitsFrom(baseURL!, guesser, { ...bearer(unknownKey()), ...spoofed });
      expect(answer.status, `attempt ${i + 1}`).toBe(401);
    }
    const locked = await limitsFrom(baseURL!, guesser, bearer(unknownKey()));
    expect(locked.status).toBe(429);
    expect(locked.body.error?.code).toBe("rate_limited");

    for (const from of [guesser, "127.0.0.3"]) {
      const ok = await limitsFrom(baseURL!, from, bearer(key));
      expect(ok.status, from).toBe(200);
      expect(ok.body.kind).toBe("api_key");
    }
    // Another address's failure is its own first one; claiming to be the guesser changes nothing.
    expect((await limitsFrom(baseURL!, "127.0.0.3", bearer(unknownKey()))).status).toBe(401);
    const claims = { ...bearer(unknownKey()), "x-likeness-peer-address": guesser };
    expect((await limitsFrom(baseURL!, "127.0.0.4", claims)).status).toBe(401);
  });

  test("malformed keys and keys whose checksum does not match never touch the failure count", async ({
    baseURL,
  }) => {
    const from = "127.0.0.5";
    const good = generateApiKey().key;
    const mistyped = `${good.slice(0, 30)}${good[30] === "Z" ? "Y" : "Z"}${good.slice(31)}`;
    for (let i = 0; i < 25; i++) {
      for (const bad of ["lk_live_bad", mistyped]) {
        const answer = await limitsFrom(baseURL!, from, bearer(bad));
        expect(answer.status).toBe(401);
        expect(answer.body.error?.code).toBe("key_invalid");
      }
    }
    // Still 20 failed lookups to go before a 429.
    for (let i = 0; i < 20; i++) {
      expect((await limitsFrom(baseURL!, from, bearer(unknownKey()))).status).toBe(401);
    }
    expect((await limitsFrom(baseURL!, from, bearer(unknownKey()))).status).toBe(429);
  });
});
