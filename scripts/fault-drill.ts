// Fault drills against a running local stack (`npm start` with the provider simulator), the way the
// lifecycle issue was tested by hand: a burst of paid requests, a real fault in the middle (a SIGKILLed
// postmaster or worker, a stopped Redis or S3, a hung or rate-limiting provider), then what became of
// every accepted request. Run with the same ports as the stack, e.g.
//
//   npm run simulator -- --port 7090 &
//   LIKENESS_SEED_COUNT=0 FAL_KEY=sim REPLICATE_API_TOKEN=sim FAL_BASE_URL=http://127.0.0.1:7090 \
//     REPLICATE_BASE_URL=http://127.0.0.1:7090/v1 npm start
//   npx tsx scripts/fault-drill.ts pg-kill --app http://127.0.0.1:7000 --sim http://127.0.0.1:7090
//
// Drills: pg-kill, redis-down, fal-hang, both-429, worker-kill, s3-down, breaker, replicate-size.
// Prints one JSON line: accepted / succeeded / failed (by code) / refunded / provider submits, the
// slowest end, SSE streams still open, and rows still queued or running when the drill stopped looking.
import { execFile } from "node:child_process";
import { parseArgs } from "node:util";
import { promisify } from "node:util";
import { closeDb, query } from "@/lib/db";
import { serviceStatuses, startService, stackContext, stopService } from "./stack/index";

const run = promisify(execFile);
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    app: { type: "string", default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
    sim: { type: "string", default: "http://127.0.0.1:45800" },
    observe: { type: "string", default: "120" },
  },
});
const APP = values.app!;
const SIM = values.sim!;
const OBSERVE_MS = Number(values.observe) * 1000;
const ctx = stackContext();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Every prompt of one run starts with this, so its rows can be found, accepted or not. */
const RUN = `drill ${Date.now().toString(36)}`;

async function sim(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${SIM}/__admin/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

async function apiKey(tier: string): Promise<string> {
  const email = `drill-${tier}-${Date.now().toString(36)}@drill.test`;
  const cli = (...args: string[]) =>
    run("node_modules/.bin/tsx", ["scripts/admin/index.ts", ...args, "--json"], {
      env: process.env,
    });
  await cli("user:create", "--email", email, "--tier", tier);
  const { stdout } = await cli("key:create", "--email", email, "--force");
  return (JSON.parse(stdout) as { key: string }).key;
}

interface Sent {
  id?: string;
  status: number;
  sentAt: number;
  /** When its events stream ended, and with which event. */
  streamEnd?: { at: number; event: string };
}

/** Follows a generation's SSE stream to its end (or until the drill stops looking). */
async function follow(sent: Sent, key: string, signal: AbortSignal): Promise<void> {
  try {
    const response = await fetch(`${APP}/api/v1/generations/${sent.id}/events`, {
      headers: { authorization: `Bearer ${key}` },
      signal,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    const events = [...text.matchAll(/^event: (\w+)/gm)].map((m) => m[1]);
    sent.streamEnd = { at: Date.now(), event: events.at(-1) ?? `HTTP ${response.status}` };
  } catch {
    // Still open when the drill stopped looking: reported as such.
  }
}

async function post(key: string, prompt: string, model = "flux-schnell"): Promise<Sent> {
  const sentAt = Date.now();
  try {
    const response = await fetch(`${APP}/api/v1/generations`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ prompt, model, width: 256, height: 256 }),
    });
    const body = (await response.json().catch(() => ({}))) as { id?: string };
    return { id: response.status === 202 ? body.id : undefined, status: response.status, sentAt };
  } catch {
    return { status: 0, sentAt };
  }
}

/** `count` requests at `perSecond`, each followed over SSE once accepted. */
async function burst(key: string, count: number, perSecond: number, tag: string, watch: Watch) {
  const all: Promise<Sent>[] = [];
  for (let i = 0; i < count; i++) {
    all.push(
      post(key, `${RUN} ${tag} ${i}`).then((sent) => {
        watch.sent.push(sent);
        if (sent.id) watch.follows.push(follow(sent, key, watch.stop.signal));
        return sent;
      }),
    );
    await sleep(1000 / perSecond);
  }
  return Promise.all(all);
}

interface Watch {
  sent: Sent[];
  follows: Promise<void>[];
  stop: AbortController;
}

async function pidOf(name: "pg" | "worker"): Promise<number> {
  const pid = (await serviceStatuses(ctx)).find((s) => s.name === name)?.pid;
  if (pid === undefined) throw new Error(`${name} is not running`);
  return pid;
}

/** SIGKILL of the postmaster; pm2 would restart it within a second, so it is stopped for `ms`. */
async function killPostmaster(ms: number) {
  process.kill(await pidOf("pg"), "SIGKILL");
  await stopService("pg", ctx);
  await sleep(ms);
  await startService("pg", ctx);
}

/** SIGKILL of the worker (one node process under pm2, which restarts it, as in production). */
async function killWorker(): Promise<void> {
  process.kill(await pidOf("worker"), "SIGKILL");
}

const DRILLS: Record<string, (watch: Watch) => Promise<Record<string, unknown>>> = {
  async "pg-kill"(watch) {
    await sim("faults", { provider: "fal", latencyMs: 2000 });
    const key = await apiKey("enterprise");
    const sending = burst(key, 30, 10, "pg kill", watch);
    await sleep(1_000);
    await killPostmaster(11_000);
    await sending;
    return {};
  },
  async "redis-down"(watch) {
    const key = await apiKey("enterprise");
    const sending = burst(key, 20, 10, "redis down", watch);
    await sleep(500);
    await stopService("redis", ctx);
    await sleep(1_000);
    await startService("redis", ctx);
    await sending;
    return {};
  },
  async "fal-hang"(watch) {
    await sim("faults", { provider: "fal", hang: true });
    const key = await apiKey("enterprise");
    const premium = await apiKey("premium");
    await burst(key, 4, 10, "fal hang", watch);
    await sleep(2_000);
    const [job] = await burst(premium, 1, 1, "premium during hang", watch);
    const started = Date.now();
    await Promise.all(watch.follows);
    const end = watch.sent.find((s) => s.id === job?.id)?.streamEnd;
    return { premiumEndedAfterMs: end ? end.at - started : null };
  },
  async "both-429"(watch) {
    await sim("faults", { provider: "fal", submitStatus: 429, retryAfterSeconds: 1 });
    await sim("faults", { provider: "replicate", submitStatus: 429, retryAfterSeconds: 1 });
    const key = await apiKey("enterprise");
    await burst(key, 6, 10, "both 429", watch);
    return {};
  },
  async "worker-kill"(watch) {
    await sim("faults", { provider: "fal", latencyMs: 3000 });
    const key = await apiKey("enterprise");
    await burst(key, 8, 10, "worker kill", watch);
    await sleep(1_500);
    await killWorker();
    const killedAt = Date.now();
    await Promise.all(watch.follows);
    const lastEnd = Math.max(...watch.sent.map((s) => s.streamEnd?.at ?? Infinity));
    return { recoveredAfterKillMs: lastEnd - killedAt };
  },
  async "s3-down"(watch) {
    await sim("faults", { provider: "fal", latencyMs: 1500 });
    const key = await apiKey("enterprise");
    const sending = burst(key, 12, 10, "s3 down", watch);
    await sleep(1_000);
    await stopService("s3", ctx);
    await sleep(6_000);
    await startService("s3", ctx);
    await sending;
    return {};
  },
  async breaker(watch) {
    await sim("faults", { provider: "fal", submitStatus: 500 });
    await sim("faults", { provider: "replicate", submitStatus: 500 });
    const key = await apiKey("enterprise");
    await burst(key, 4, 2, "breaker opens", watch);
    await Promise.all(watch.follows);
    await sim("reset", {});
    const recoveredAt = Date.now();
    const after: Watch = { sent: [], follows: [], stop: watch.stop };
    await burst(key, 4, 2, "after recovery", after);
    await Promise.race([Promise.all(after.follows), sleep(OBSERVE_MS)]);
    const rows = await endedRows(after.sent.flatMap((s) => (s.id ? [s.id] : [])));
    return {
      afterRecovery: rows.map((r) => `${r.status}${r.error_code ? `:${r.error_code}` : ""}`),
      afterRecoveryEndedWithinMs: Math.max(
        ...after.sent.map((s) => (s.streamEnd?.at ?? Infinity) - recoveredAt),
      ),
    };
  },
  async "replicate-size"(watch) {
    await sim("faults", { provider: "fal", submitStatus: 500 });
    const key = await apiKey("enterprise");
    await burst(key, 1, 1, "replicate size", watch);
    await Promise.all(watch.follows);
    const [row] = await endedRows(watch.sent.flatMap((s) => (s.id ? [s.id] : [])));
    const png = row?.object_keys ? await fetch(`${APP}/i/${row.object_keys.png}`) : undefined;
    const bytes = png ? Buffer.from(await png.arrayBuffer()) : undefined;
    // PNG IHDR: width and height are the big-endian words at bytes 16 and 20.
    return {
      row: row ? `${row.provider} ${row.width}x${row.height}` : null,
      stored: bytes ? `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}` : null,
    };
  },
};

interface Row {
  id: string;
  status: string;
  error_code: string | null;
  provider: string | null;
  width: number | null;
  height: number | null;
  object_keys: { png: string } | null;
  age_ms: number;
}

async function endedRows(ids: string[]): Promise<Row[]> {
  return query<Row>(
    `select id, status, error_code, provider, width, height, object_keys,
            (extract(epoch from (coalesce(completed_at, now()) - created_at)) * 1000)::int as age_ms
     from public.generations where id = any($1)`,
    [ids],
  );
}

async function unfinishedOfRun(): Promise<number> {
  const [row] = await query<{ n: number }>(
    `select count(*)::int as n from public.generations
     where prompt like $1 and status in ('queued', 'running')`,
    [`${RUN}%`],
  );
  return row?.n ?? 0;
}

async function main(): Promise<void> {
  const name = positionals[0] ?? "";
  const drill = DRILLS[name];
  if (!drill) throw new Error(`usage: fault-drill <${Object.keys(DRILLS).join("|")}>`);
  await sim("reset", {});
  const watch: Watch = { sent: [], follows: [], stop: new AbortController() };
  const started = Date.now();
  const extra = await drill(watch);
  const left = () => OBSERVE_MS - (Date.now() - started);
  await Promise.race([Promise.all(watch.follows), sleep(left())]);
  // Requests refused with a 503 leave rows no stream follows: give the reconciler its time too.
  while (left() > 0 && (await unfinishedOfRun()) > 0) await sleep(1_000);
  watch.stop.abort();
  const ids = watch.sent.flatMap((s) => (s.id ? [s.id] : []));
  const rows = await endedRows(ids);
  const [money] = await query<{ charged: number; refunded: number }>(
    `select count(*) filter (where charged_day is not null)::int as charged,
            count(refunded_at)::int as refunded
     from public.generation_requests where generation_id = any($1)`,
    [ids],
  );
  const all = await query<{ status: string; n: number }>(
    `select status, count(*)::int as n from public.generations where prompt like $1 group by 1`,
    [`${RUN}%`],
  );
  const counts = (await sim("counts")) as Record<string, { submits: number }>;
  const failed: Record<string, number> = {};
  for (const r of rows.filter((r) => r.status === "failed"))
    failed[r.error_code ?? "?"] = (failed[r.error_code ?? "?"] ?? 0) + 1;
  const statuses: Record<number, number> = {};
  for (const s of watch.sent) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  const report = {
    drill: name,
    answers: statuses,
    accepted: ids.length,
    succeeded: rows.filter((r) => r.status === "succeeded").length,
    failed,
    stillOpen: rows.filter((r) => r.status === "queued" || r.status === "running").length,
    charged: money?.charged ?? 0,
    refunded: money?.refunded ?? 0,
    submits: { fal: counts.fal?.submits, replicate: counts.replicate?.submits },
    slowestEndMs: Math.max(0, ...rows.map((r) => r.age_ms)),
    allRowsOfRun: Object.fromEntries(all.map((r) => [r.status, r.n])),
    sseStillOpen: watch.sent.filter((s) => s.id && !s.streamEnd).length,
    observedMs: Date.now() - started,
    ...extra,
  };
  console.log(JSON.stringify(report));
  await closeDb();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
