// npm run bench -- budget-guard [--requests 300]
//
// What the spend budget check adds to a request that misses the cache (issue 12: under 1 ms at p50,
// concurrency 1). The same miss path twice, alternating request by request so that a change in the
// machine's load hits both alike: the engine (lib/generations/service.ts) with the pipeline's
// rate limit, then admission (the quota charge in Postgres) and enqueue (BullMQ), with and without
// the budget check (lib/spend/guard.ts) in between. Every request is a real miss (its own prompt),
// charged and queued; no worker runs, so nothing is generated. The check runs against a real budget
// (the seeded $500 month, an account budget for the caller) and real spend counters in Redis.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { localRedisUrl, localStack } from "../lib/local-stack";
import { ensureServices, stackContext } from "../scripts/stack/index";
import { benchDatabase, benchDatabaseUrl } from "./lib/app";
import { percentile } from "./lib/stats";

const { values } = parseArgs({ options: { requests: { type: "string", default: "300" } } });
const REQUESTS = Number(values.requests);
const REDIS_DB = 6;

const base = { ...process.env, LIKENESS_PROFILE: "test" as const };
await ensureServices(["pg", "redis", "s3"], stackContext(base));
(await benchDatabase(base)).end();
// Read by lib/env.ts on first use, which comes after this point.
process.env.LIKENESS_PROFILE = "test";
process.env.DATABASE_URL = benchDatabaseUrl(base);
process.env.REDIS_URL = `${localRedisUrl(localStack(base))}/${REDIS_DB}`;

const { query, closeDb } = await import("../lib/db");
const { limitsFor } = await import("../lib/auth/tiers");
const { subjectFor } = await import("../lib/auth/types");
const { generationInputSchema } = await import("../lib/generations/input-schema");
const { requestGenerations } = await import("../lib/generations/service");
const { consumeRateLimit } = await import("../lib/limits/rate-limit");
const { closeQueues, queue } = await import("../lib/queue/queues");
const { closeRedis, readyRedis } = await import("../lib/redis");
const { setBudget } = await import("../lib/spend/budgets");
const { addSpend } = await import("../lib/spend/counters");
const { checkBudget } = await import("../lib/spend/guard");

const [user] = await query<{ id: string }>(
  "insert into auth.users (email) values ($1) returning id",
  [`bench-budget-${randomUUID()}@bench.test`],
);
await query("update public.profiles set tier_id = 'enterprise', overrides = $2 where id = $1", [
  user!.id,
  JSON.stringify({ daily_quota: 10_000_000, rate_per_minute: 1_000_000 }),
]);
const accountId = user!.id;
const limits = await limitsFor("enterprise", {
  daily_quota: 10_000_000,
  rate_per_minute: 1_000_000,
});
const identity = {
  kind: "user" as const,
  subject: subjectFor.user(accountId),
  tier: "enterprise" as const,
  userId: accountId,
  email: null,
  apiKeyId: null,
  apiKeyDailyLimit: null,
  ip: null,
  overrides: {},
};
// Budgets and some spend, so the check reads and compares real figures.
await setBudget({ accountId, period: "month", limitUsd: 1_000 });
await readyRedis();
await addSpend(1.23, accountId);
await queue("generations").pause();

const run = `bench ${Date.now()}`;
let n = 0;
async function miss(guarded: boolean): Promise<number> {
  const input = generationInputSchema.parse({
    prompt: `${run} ${n++}`,
    seed: 1,
    width: 256,
    height: 256,
  });
  const started = performance.now();
  await requestGenerations(
    [input],
    { identity, limits },
    {
      beforeCharge: async () => {
        await consumeRateLimit(identity, limits);
        return guarded ? checkBudget(identity) : undefined;
      },
    },
  );
  return performance.now() - started;
}

async function checkAlone(): Promise<number> {
  const started = performance.now();
  await checkBudget(identity);
  return performance.now() - started;
}

// Warm-up: pools, prepared plans, JIT.
for (let i = 0; i < 30; i++) await miss(i % 2 === 0);

const withGuard: number[] = [];
const without: number[] = [];
const alone: number[] = [];
for (let i = 0; i < REQUESTS; i++) {
  // Alternate which goes first, so neither always follows the other.
  if (i % 2 === 0) {
    withGuard.push(await miss(true));
    without.push(await miss(false));
  } else {
    without.push(await miss(false));
    withGuard.push(await miss(true));
  }
  alone.push(await checkAlone());
}

const ms = (x: number) => Math.round(x * 1000) / 1000;
const row = (name: string, samples: number[]) => ({
  path: name,
  "p50 ms": ms(percentile(samples, 50)),
  "p99 ms": ms(percentile(samples, 99)),
});
console.log(`\n${REQUESTS} cache misses each way, concurrency 1, alternating:`);
console.table([
  row("miss without the budget check", without),
  row("miss with the budget check", withGuard),
  row("the budget check alone", alone),
]);
const added = percentile(withGuard, 50) - percentile(without, 50);
console.log(
  `added at p50: ${ms(added)} ms (${ms((100 * added) / percentile(without, 50))}% of the miss path); ` +
    `target under 1 ms: ${added < 1 ? "met" : "NOT met"}`,
);

await queue("generations").obliterate({ force: true });
await query("delete from public.generations where prompt like $1", [`${run}%`]);
await query("delete from auth.users where id = $1", [accountId]);
await closeQueues();
await closeRedis();
await closeDb();
