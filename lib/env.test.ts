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

  it("reads the outbound allow-list as host and host:port entries", () => {
    expect(parseEnv({}).outboundAllowedHosts).toEqual([]);
    expect(
      parseEnv({ OUTBOUND_ALLOWED_HOSTS: " 127.0.0.1:4999, LocalHost,[::1]:80 ," })
        .outboundAllowedHosts,
    ).toEqual(["127.0.0.1:4999", "localhost", "[::1]:80"]);
    expect(parseEnv({}).webhookRetryBaseMs).toBe(5_000);
  });

  it("serves worker metrics only when a port is given, 0 meaning any free port", () => {
    expect(parseEnv({}).workerMetricsPort).toBeUndefined();
    expect(parseEnv({ WORKER_METRICS_PORT: "" }).workerMetricsPort).toBeUndefined();
    expect(parseEnv({ WORKER_METRICS_PORT: "0" }).workerMetricsPort).toBe(0);
    expect(parseEnv({ WORKER_METRICS_PORT: "9464" }).workerMetricsPort).toBe(9464);
    expect(parseEnv({}).metricsToken).toBeUndefined();
    expect(parseEnv({ METRICS_TOKEN: "t".repeat(16) }).metricsToken).toBe("t".repeat(16));
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
    [{ OUTBOUND_ALLOWED_HOSTS: "http://127.0.0.1:4999" }, "OUTBOUND_ALLOWED_HOSTS"],
    [{ WEBHOOK_RETRY_BASE_MS: "0" }, "WEBHOOK_RETRY_BASE_MS"],
    [{ METRICS_TOKEN: "short" }, "METRICS_TOKEN"],
    [{ WORKER_METRICS_PORT: "70000" }, "WORKER_METRICS_PORT"],
    [{ WORKER_METRICS_PORT: "nine" }, "WORKER_METRICS_PORT"],
  ])("rejects %j naming %s", (source, variable) => {
    expect(() => parseEnv(source)).toThrow(variable);
  });

  describe("auth", () => {
    const supabase = {
      NEXT_PUBLIC_SUPABASE_URL: "https://abcdefghijklmnopqrst.supabase.co/",
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_abc",
    };
    const secret = "s".repeat(32);

    it("uses local sign-in outside production when no Supabase project is set", () => {
      expect(parseEnv({}).auth).toEqual({
        mode: "local",
        supabase: undefined,
        secret: undefined,
        trustedProxyHeader: undefined,
        anonShared: { dailyQuota: 100, ratePerMinute: 60 },
        anon: { dailyQuotaPerAddress: 10, globalDailyQuota: 5000, cookiesPerAddressPerHour: 10 },
      });
      expect(parseEnv({ NODE_ENV: "test" }).auth.mode).toBe("local");
    });

    it("reads the anonymous allowances per address, in all and of new cookies", () => {
      expect(
        parseEnv({
          ANON_DAILY_QUOTA_PER_ADDRESS: "25",
          ANON_GLOBAL_DAILY_QUOTA: "900",
          ANON_COOKIES_PER_ADDRESS_PER_HOUR: "0",
        }).auth.anon,
      ).toEqual({ dailyQuotaPerAddress: 25, globalDailyQuota: 900, cookiesPerAddressPerHour: 0 });
      expect(() => parseEnv({ ANON_DAILY_QUOTA_PER_ADDRESS: "-1" })).toThrow(
        /ANON_DAILY_QUOTA_PER_ADDRESS/,
      );
    });

    it("refuses local sign-in in production unless LOCAL_AUTH=enabled", () => {
      expect(parseEnv({ NODE_ENV: "production" }).auth.mode).toBe("off");
      expect(parseEnv({ NODE_ENV: "production", LOCAL_AUTH: "enabled" }).auth.mode).toBe("local");
      expect(parseEnv({ LOCAL_AUTH: "disabled" }).auth.mode).toBe("off");
    });

    it("uses Supabase when its URL and key are set, whatever LOCAL_AUTH says", () => {
      const auth = parseEnv({ ...supabase, LOCAL_AUTH: "enabled" }).auth;
      expect(auth.mode).toBe("supabase");
      expect(auth.supabase).toEqual({
        url: "https://abcdefghijklmnopqrst.supabase.co",
        publishableKey: "sb_publishable_abc",
        jwtSecret: undefined,
      });
    });

    it("accepts the legacy anon key name, preferring the publishable key", () => {
      const legacy = { NEXT_PUBLIC_SUPABASE_URL: supabase.NEXT_PUBLIC_SUPABASE_URL };
      expect(
        parseEnv({ ...legacy, NEXT_PUBLIC_SUPABASE_ANON_KEY: "eyJanon" }).auth.supabase,
      ).toMatchObject({ publishableKey: "eyJanon" });
      expect(
        parseEnv({ ...supabase, NEXT_PUBLIC_SUPABASE_ANON_KEY: "eyJanon" }).auth.supabase,
      ).toMatchObject({ publishableKey: "sb_publishable_abc" });
    });

    it("needs the Supabase URL and key together", () => {
      expect(() =>
        parseEnv({ NEXT_PUBLIC_SUPABASE_URL: supabase.NEXT_PUBLIC_SUPABASE_URL }),
      ).toThrow("NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: is required when NEXT_PUBLIC_SUPABASE_URL");
      expect(() => parseEnv({ NEXT_PUBLIC_SUPABASE_ANON_KEY: "eyJanon" })).toThrow(
        "NEXT_PUBLIC_SUPABASE_URL: is required when NEXT_PUBLIC_SUPABASE_ANON_KEY is set",
      );
      expect(() => parseEnv({ SUPABASE_JWT_SECRET: "x" })).toThrow(
        "NEXT_PUBLIC_SUPABASE_URL: is required when SUPABASE_JWT_SECRET is set",
      );
    });

    it("needs AUTH_SECRET in production with Supabase, and a long one", () => {
      expect(() => parseEnv({ ...supabase, NODE_ENV: "production" })).toThrow("AUTH_SECRET");
      expect(
        parseEnv({ ...supabase, NODE_ENV: "production", AUTH_SECRET: secret }).auth.secret,
      ).toBe(secret);
      expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(
        "AUTH_SECRET: must be at least 32 characters",
      );
    });

    it("reads the trusted proxy header name case-insensitively", () => {
      expect(parseEnv({ TRUSTED_PROXY_HEADER: "X-Forwarded-For" }).auth.trustedProxyHeader).toBe(
        "x-forwarded-for",
      );
      expect(() => parseEnv({ TRUSTED_PROXY_HEADER: "x-forwarded-for, x-real-ip" })).toThrow(
        "TRUSTED_PROXY_HEADER",
      );
    });

    it.each([
      [{ LOCAL_AUTH: "yes" }, "LOCAL_AUTH"],
      [
        { NEXT_PUBLIC_SUPABASE_URL: "ftp://x", NEXT_PUBLIC_SUPABASE_ANON_KEY: "k" },
        "NEXT_PUBLIC_SUPABASE_URL",
      ],
    ])("rejects %j naming %s", (source, variable) => {
      expect(() => parseEnv(source)).toThrow(variable);
    });
  });

  describe("CORS_ALLOWED_ORIGINS", () => {
    it.each([
      [{}, "*"],
      [{ CORS_ALLOWED_ORIGINS: "*" }, "*"],
      [
        { CORS_ALLOWED_ORIGINS: "https://app.example.com, http://localhost:5173/" },
        ["https://app.example.com", "http://localhost:5173"],
      ],
    ])("reads %j as %j", (source, expected) => {
      expect(parseEnv(source).corsAllowedOrigins).toEqual(expected);
    });

    it.each([
      "app.example.com",
      "https://app.example.com/path",
      "ftp://x.example.com",
      "*, https://a.b",
    ])("rejects %j naming the variable", (value) => {
      expect(() => parseEnv({ CORS_ALLOWED_ORIGINS: value })).toThrow("CORS_ALLOWED_ORIGINS");
    });
  });
});
