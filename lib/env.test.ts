import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults every service to the local stack", () => {
    const e = parseEnv({});
    expect(e.databaseUrl).toBe("postgres://postgres@127.0.0.1:54320/likeness");
    expect(e.redisUrl).toBe("redis://127.0.0.1:63790");
    expect(e.storage).toMatchObject({
      kind: "local",
      endpoint: "http://127.0.0.1:45690",
      bucket: "likeness",
    });
    expect(e.localGeneratorOnly).toBe(true);
    expect(e.usesLocalServices).toEqual({ db: true, redis: true, storage: true });
  });

  it("uses the test profile's ports", () => {
    const e = parseEnv({ LIKENESS_PROFILE: "test" });
    expect(e.databaseUrl).toContain(":54330/");
    expect(e.redisUrl).toBe("redis://127.0.0.1:63800");
  });

  it("switches to R2 when its variables are set", () => {
    const e = parseEnv({
      R2_ACCOUNT_ID: "acct",
      R2_ACCESS_KEY_ID: "id",
      R2_SECRET_ACCESS_KEY: "secret",
      R2_BUCKET: "avatars",
      R2_PUBLIC_URL: "https://img.example.com",
    });
    expect(e.storage).toMatchObject({
      kind: "r2",
      endpoint: "https://acct.r2.cloudflarestorage.com",
      region: "auto",
      bucket: "avatars",
      publicUrl: "https://img.example.com",
    });
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", FAL_KEY: "" }).usesLocalServices.db).toBe(true);
    expect(parseEnv({ FAL_KEY: "" }).localGeneratorOnly).toBe(true);
    expect(parseEnv({ FAL_KEY: "k" }).localGeneratorOnly).toBe(false);
  });

  it("names what is missing and why", () => {
    expect(() => parseEnv({ R2_ACCOUNT_ID: "a", R2_BUCKET: "b" })).toThrow(
      "R2_SECRET_ACCESS_KEY: is required when R2_ACCOUNT_ID and R2_BUCKET are set",
    );
  });

  it.each([
    [{ R2_ACCOUNT_ID: "a" }, "R2_ACCESS_KEY_ID"],
    [{ S3_ENDPOINT: "http://s3.local" }, "S3_BUCKET"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ REDIS_URL: "not a url" }, "REDIS_URL"],
    [{ DATABASE_POOL_MAX: "0" }, "DATABASE_POOL_MAX"],
    [{ LIKENESS_PG_PORT: "99999" }, "LIKENESS_PG_PORT"],
  ])("rejects %j naming %s", (source, variable) => {
    expect(() => parseEnv(source)).toThrow(variable);
  });
});
