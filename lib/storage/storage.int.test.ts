import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  deleteObject,
  getObject,
  getObjectBytes,
  headObject,
  listObjects,
  pingStorage,
  publicUrl,
  putObject,
} from "./index";

describe("storage (S3 emulator through @aws-sdk/client-s3)", () => {
  it("round-trips binary bytes exactly, buffered and streamed", async () => {
    const bytes = randomBytes(300_000);
    await putObject("it/roundtrip/a.png", bytes);
    expect((await getObjectBytes("it/roundtrip/a.png"))!.equals(bytes)).toBe(true);

    // A streamed upload is where the SDK's aws-chunked framing used to corrupt objects silently.
    await putObject(
      "it/roundtrip/b.webp",
      Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]),
      {
        contentLength: bytes.byteLength,
      },
    );
    const streamed = await getObject("it/roundtrip/b.webp");
    expect(streamed).toMatchObject({ contentType: "image/webp", contentLength: bytes.byteLength });
    expect(Buffer.from(await new Response(streamed!.body).arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("heads, lists and deletes", async () => {
    await putObject("it/list/1.png", Buffer.from("one"));
    await putObject("it/list/2.png", Buffer.from("two"));
    const head = await headObject("it/list/1.png");
    expect(head).toMatchObject({ contentType: "image/png", contentLength: 3 });
    expect(head!.etag).toMatch(/^"[0-9a-f]+"$/);

    const page1 = await listObjects("it/list/", { limit: 1 });
    expect(page1.keys).toEqual(["it/list/1.png"]);
    const page2 = await listObjects("it/list/", { limit: 1, cursor: page1.cursor });
    expect(page2.keys).toEqual(["it/list/2.png"]);

    await deleteObject("it/list/1.png");
    expect(await headObject("it/list/1.png")).toBeNull();
    expect(await getObject("it/list/1.png")).toBeNull();
  });

  it("refuses unsafe keys before touching the network", async () => {
    await expect(putObject("../escape.png", Buffer.from("x"))).rejects.toThrow(/traversal/);
    await expect(getObject("/etc/passwd")).rejects.toThrow(/absolute/);
  });

  it("answers the readiness probe and builds app URLs when no public domain is set", async () => {
    await expect(pingStorage()).resolves.toBeUndefined();
    expect(publicUrl("avatars/ab/c.png")).toBe("/i/avatars/ab/c.png");
    expect(() => publicUrl("avatars/../c.png")).toThrow(/traversal/);
  });
});

describe("storage readiness", () => {
  it("fails when the bucket does not exist", async () => {
    const { createS3Client } = await import("./client");
    const { env } = await import("@/lib/env");
    const client = createS3Client(env().storage);
    await expect(pingStorage(client, "no-such-bucket")).rejects.toMatchObject({
      name: "NoSuchBucket",
    });
    await expect(pingStorage(client, env().storage.bucket)).resolves.toBeUndefined();
  });
});
