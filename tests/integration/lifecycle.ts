import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { type ChildProcess, spawn } from "node:child_process";
import { limitsFor } from "@/lib/auth/tiers";
import type { Identity, TierId } from "@/lib/auth/types";
import { closeDb, query } from "@/lib/db";
import { generationEvents } from "@/lib/generations/events-stream";
import { generationInputSchema } from "@/lib/generations/normalize";
import type { GenerationRow } from "@/lib/generations/repository";
import { type Caller, requestGenerations } from "@/lib/generations/service";
import { generationJobId } from "@/lib/queue/contract";
import { closeJobEvents } from "@/lib/queue/events";
import { closeQueues, queue } from "@/lib/queue/queues";
import { type Simulator, type SimulatorOptions, startSimulator } from "@/dev/simulator/server";
import {
  serviceStatuses,
  startService,
  stackContext,
  type StackContext,
  stopService,
} from "@/scripts/stack/index";

/**
 * What the lifecycle tests share: real worker processes (the production entry point, killed and
 * stopped for real), paying callers, a follower of each generation's events stream, and the one
 * question every test asks of every accepted request: did it end, was its stream told, and was it
 * charged once or refunded.
 */

/**
 * The test stack's servers, to stop and start them: the integration overrides (DATABASE_URL, …)
 * name a database inside them, and would make the stack treat them as someone else's.
 */
export function testStack(): StackContext {
  const {
    DATABASE_URL: _db,
    REDIS_URL: _redis,
    S3_ENDPOINT: _s3,
    R2_ACCOUNT_ID: _r2,
    ...base
  } = process.env;
  return stackContext({ ...base, LIKENESS_PROFILE: "test" });
}

/**
 * A clean slate for a file that runs real workers: the generations queue and the reconciler's
 * schedule emptied, and the rows earlier test files left queued or running (their queues wiped)
 * ended, or this file's workers' reconciler would rightly make them, calling the simulator.
 */
export async function cleanSlate(): Promise<void> {
  await queue("generations").obliterate({ force: true });
  await queue("maintenance").obliterate({ force: true });
  await query(
    `update public.generations set status = 'failed', error_code = 'generation_lost',
       error_message = 'Left unfinished by an earlier test.', completed_at = now()
     where status in ('queued', 'running')`,
  );
}

/**
 * Postgres dies the hard way (SIGKILL of the postmaster, as the by-hand test did) and stays
 * down for `downMs`: pm2 would restart a crashed service within a second, so it is told to stop too.
 * The test cluster runs with synchronous_commit=off for speed, which would lose the last commits in a
 * crash that a production database never loses: they are flushed first.
 */
export async function crashPostgres(stack: StackContext, downMs: number): Promise<void> {
  const pid = (await serviceStatuses(stack)).find((s) => s.name === "pg")?.pid;
  if (pid === undefined) throw new Error("the test stack's postgres is not running");
  await query("checkpoint");
  const killedAt = Date.now();
  process.kill(pid, "SIGKILL");
  await stopService("pg", stack);
  await new Promise((r) => setTimeout(r, Math.max(0, killedAt + downMs - Date.now())));
  await startService("pg", stack);
}

/** Polls `probe` until it returns a value, or fails naming `what`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Worker processes (`tsx workers/index.ts`), each in its own process group. */
export class Workers {
  readonly log: string[] = [];
  private readonly children: ChildProcess[] = [];

  constructor(private readonly baseEnv: Record<string, string>) {}

  /** Starts one and resolves once it says it is ready. */
  async start(env: Record<string, string> = {}): Promise<ChildProcess> {
    const child = spawn("node_modules/.bin/tsx", ["workers/index.ts"], {
      env: { ...process.env, ...this.baseEnv, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const name = `worker${this.children.length + 1}`;
    this.children.push(child);
    let ready = false;
    child.stdout!.on("data", (d: Buffer) => {
      const text = d.toString();
      if (text.includes("ready: concurrency")) ready = true;
      this.log.push(`${name}: ${text.trim()}`);
    });
    child.stderr!.on("data", (d: Buffer) => this.log.push(`${name}! ${d.toString().trim()}`));
    await until(`${name} to be ready`, async () => (ready ? true : undefined), 30_000);
    return child;
  }

  /** Signals the whole group: tsx runs the worker in a child node process of its own. */
  signal(child: ChildProcess, signal: NodeJS.Signals): void {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  }

  alive(child: ChildProcess): boolean {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  }

  async kill(child: ChildProcess): Promise<void> {
    this.signal(child, "SIGKILL");
    await until("the worker to be gone", async () => (this.alive(child) ? undefined : true), 5_000);
  }

  killAll(): void {
    for (const child of this.children) {
      this.signal(child, "SIGCONT");
      this.signal(child, "SIGKILL");
    }
  }
}

/** A new caller of `tier` with a quota of its own, so charges and refunds can be counted exactly. */
export async function payingCaller(tier: TierId = "enterprise"): Promise<Caller> {
  const identity: Identity = {
    kind: "anonymous",
    subject: `anon:${randomUUID()}`,
    tier,
    userId: null,
    email: null,
    apiKeyId: null,
    apiKeyDailyLimit: null,
    ip: null,
    overrides: {},
  };
  return { identity, limits: await limitsFor(tier) };
}

/** Asks for one new 256 px generation (a unique prompt: never a cache hit), charged to `caller`. */
export async function accept(caller: Caller, prompt: string): Promise<Accepted> {
  const input = generationInputSchema.parse({ prompt, width: 256, height: 256, seed: 5 });
  const [ticket] = await requestGenerations([input], caller);
  return { row: ticket!.row, acceptedAt: Date.now(), stream: followEvents(ticket!.row) };
}

export interface Accepted {
  row: GenerationRow;
  acceptedAt: number;
  stream: FollowedStream;
}

export interface FollowedStream {
  /** Event names in order. */
  events: string[];
  /** Resolves when the stream ends, with its last event and its data. */
  ended: Promise<{ event: string; data: unknown; at: number }>;
  close(): void;
}

/** Follows a generation's Server-Sent Events (what GET …/events serves) until the stream ends. */
export function followEvents(row: GenerationRow): FollowedStream {
  const abort = new AbortController();
  const request = new Request(`http://127.0.0.1/api/v1/generations/${row.id}/events`, {
    signal: abort.signal,
  });
  const events: string[] = [];
  const ended = (async () => {
    const reader = generationEvents(request, row).getReader();
    const decoder = new TextDecoder();
    let text = "";
    let last: { event: string; data: unknown } = { event: "", data: null };
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
      let cut: number;
      while ((cut = text.indexOf("\n\n")) >= 0) {
        const block = text.slice(0, cut);
        text = text.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === undefined) continue;
        events.push(event);
        last = { event, data: data === undefined ? null : (JSON.parse(data) as unknown) };
      }
    }
    return { ...last, at: Date.now() };
  })();
  return { events, ended, close: () => abort.abort() };
}

export interface Outcome {
  id: string;
  status: string;
  error_code: string | null;
  provider: string | null;
  width: number | null;
  height: number | null;
  /** Requests charged for it, and how many of those were refunded. */
  charged: number;
  refunded: number;
}

export async function outcomes(ids: readonly string[]): Promise<Outcome[]> {
  return query<Outcome>(
    `select g.id, g.status, g.error_code, g.provider, g.width, g.height,
            (select count(*)::int from public.generation_requests r
              where r.generation_id = g.id and r.charged_day is not null) as charged,
            (select count(*)::int from public.generation_requests r
              where r.generation_id = g.id and r.charged_day is not null and r.refunded_at is not null) as refunded
     from public.generations g where g.id = any($1)`,
    [ids],
  );
}

/** The day's charge still standing against a caller (after refunds). */
export async function standingCharges(caller: Caller): Promise<number> {
  const [row] = await query<{ count: number }>(
    "select coalesce(sum(count), 0)::int as count from public.daily_usage where subject = $1",
    [caller.identity.subject],
  );
  return row?.count ?? 0;
}

/**
 * Waits for every accepted request to end within `boundMs` of its acceptance, then checks what a
 * customer would: its row ended, its events stream ended saying so, and it was charged once and
 * refunded exactly when it failed. Returns the outcomes for the test's own checks.
 */
export async function settleAll(
  accepted: readonly Accepted[],
  boundMs: number,
  dump: () => Promise<string> = async () => "",
): Promise<Outcome[]> {
  const ids = accepted.map((a) => a.row.id);
  const latest = Math.max(...accepted.map((a) => a.acceptedAt)) + boundMs;
  try {
    await until(
      `all ${ids.length} generations to end`,
      async () => {
        const rows = await outcomes(ids);
        return rows.every((r) => r.status === "succeeded" || r.status === "failed")
          ? rows
          : undefined;
      },
      latest - Date.now(),
      250,
    );
  } catch (error) {
    const rows = await outcomes(ids).catch(() => []);
    const jobs = await Promise.all(
      accepted.map(async (a) => {
        const job = await queue("generations").getJob(generationJobId(a.row.request_hash));
        return `${a.row.id}: ${job ? await job.getState() : "no job"} ${job?.failedReason ?? ""}`;
      }),
    );
    console.error([JSON.stringify(rows, null, 1), ...jobs, await dump()].join("\n").slice(-20_000));
    throw error;
  }
  const streams = await Promise.all(
    accepted.map((a) =>
      Promise.race([
        a.stream.ended,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 5_000)),
      ]),
    ),
  );
  const rows = await outcomes(ids);
  for (const [i, a] of accepted.entries()) {
    const row = rows.find((r) => r.id === a.row.id);
    if (!row)
      throw new Error(`the row of ${a.row.id} is gone (${rows.length} of ${ids.length} left)`);
    const stream = streams[i];
    if (stream === undefined) throw new Error(`the events stream of ${a.row.id} never ended`);
    if (stream.event !== row.status) {
      throw new Error(
        `the stream of ${a.row.id} ended "${stream.event}", the row is ${row.status}`,
      );
    }
    const expected = { charged: 1, refunded: row.status === "failed" ? 1 : 0 };
    if (row.charged !== expected.charged || row.refunded !== expected.refunded) {
      throw new Error(
        `${a.row.id} (${row.status}) was charged ${row.charged} and refunded ${row.refunded}`,
      );
    }
  }
  return rows;
}

/**
 * What every file with real workers and the simulator sets up: a clean slate, the simulator, and
 * workers whose providers are it (Fal, and Replicate unless `falOnly`); all of it ends with the file,
 * after `restore` (a service the file may have left stopped) is put back.
 */
export function simulatedWorkers(
  options: {
    env?: Record<string, string>;
    falOnly?: boolean;
    simulator?: Omit<SimulatorOptions, "port">;
    restore?: () => Promise<unknown>;
  } = {},
): { readonly sim: Simulator; readonly workers: Workers } {
  let sim: Simulator | undefined;
  let workers: Workers | undefined;
  beforeAll(async () => {
    await cleanSlate();
    sim = await startSimulator({ port: 0, ...options.simulator });
    workers = new Workers({
      FAL_KEY: "sim",
      FAL_BASE_URL: sim.url,
      ...(options.falOnly
        ? {}
        : { REPLICATE_API_TOKEN: "sim", REPLICATE_BASE_URL: `${sim.url}/v1` }),
      ...options.env,
    });
  });
  afterAll(async () => {
    workers?.killAll();
    await options.restore?.();
    await sim?.close();
    await closeJobEvents();
    await closeQueues();
    await closeDb();
  });
  return {
    get sim() {
      return sim!;
    },
    get workers() {
      return workers!;
    },
  };
}
