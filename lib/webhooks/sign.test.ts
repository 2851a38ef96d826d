import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newSigningSecret } from "./secrets";
import { signWebhook } from "./sign";

describe("signWebhook", () => {
  const secret = newSigningSecret();
  const body = JSON.stringify({ type: "generation.succeeded", data: { id: "g1" } });

  it("makes whsec_ secrets of 32 random bytes", () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(newSigningSecret()).not.toBe(secret);
  });

  it("signs what the standardwebhooks library verifies, returning the payload", () => {
    const headers = signWebhook(secret, "d1b7c7c6-1f6e-4a39-9d1a-2f0e0a6b1c11", body);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it.each([
    ["another key's secret", () => newSigningSecret(), body, "id-1"],
    ["a changed body", () => undefined, body.replace("g1", "g2"), "id-1"],
    ["a changed id", () => undefined, body, "id-2"],
  ])("fails verification with %s", (_, otherSecret, receivedBody, receivedId) => {
    const headers = signWebhook(secret, "id-1", body);
    const verifier = new Webhook(otherSecret() ?? secret);
    expect(() => verifier.verify(receivedBody, { ...headers, "webhook-id": receivedId })).toThrow(
      WebhookVerificationError,
    );
  });

  it("uses the attempt's time, which receivers check against replays", () => {
    const old = new Date(Date.now() - 10 * 60_000);
    const headers = signWebhook(secret, "id-1", body, old);
    expect(headers["webhook-timestamp"]).toBe(String(Math.floor(old.getTime() / 1000)));
    expect(() => new Webhook(secret).verify(body, { ...headers })).toThrow(/timestamp/i);
  });

  it("signs with every secret during a rotation, and either one verifies with the real library", () => {
    const [current, previous, stranger] = [
      newSigningSecret(),
      newSigningSecret(),
      newSigningSecret(),
    ];
    const headers = signWebhook([current, previous], "id-1", body);
    const signatures = headers["webhook-signature"].split(" ");
    expect(signatures).toHaveLength(2);
    for (const signature of signatures) expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(current).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(stranger).verify(body, { ...headers })).toThrow(
      WebhookVerificationError,
    );
    expect(signWebhook([current], "id-1", body)["webhook-signature"]).toBe(signatures[0]);
  });
});
