import { afterAll, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { checkHealth } from "./health";
import { closeRedis } from "./redis";

afterAll(async () => {
  await closeDb();
  await closeRedis();
});

it("reports the database, Redis and storage up, each with a latency", async () => {
  const health = await checkHealth();
  expect(health.status).toBe("ok");
  expect(health.down).toEqual([]);
  for (const part of ["db", "redis", "storage"] as const) {
    expect(health.checks[part].status).toBe("up");
    expect(health.checks[part].latency_ms).toBeGreaterThanOrEqual(0);
  }
});
