// npm run seed -- [--count N] [--no-wait]: fill the gallery with the first N deterministic avatars.
//
// The avatars are made by the generation pipeline itself: one job per missing entry on the generations
// queue at batch priority (behind every person's request), run by the worker through the configured
// providers (the local generator when no keys are set). Idempotent: entries already in the gallery or
// already queued are not queued again. Without --no-wait it follows the gallery filling up; when no
// worker is running it runs one in this process for the duration.
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { closeDb } from "@/lib/db";
import { env } from "@/lib/env";
import { missingGalleryIndices } from "@/lib/gallery/seed";
import { galleryJobId } from "@/lib/queue/contract";
import { enqueueGalleryJobs } from "@/lib/queue/producer";
import { closeQueues, queue as queueOf } from "@/lib/queue/queues";
import { startWorkers, type RunningWorkers } from "@/workers/run";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "500" },
    "no-wait": { type: "boolean", default: false },
  },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 0 || count > 1_000_000)
  throw new Error("--count must be an integer 0..1000000");

const POLL_MS = 1_000;

async function main(): Promise<void> {
  const started = Date.now();
  const todo = await missingGalleryIndices(count);
  if (todo.length === 0) {
    console.log(`gallery: all ${count} avatars already there`);
    return;
  }
  await enqueueGalleryJobs(todo);
  const queue = queueOf("generations");
  const workers = await queue.getWorkersCount();
  console.log(
    `gallery: ${todo.length} of ${count} avatars queued at batch priority` +
      (values["no-wait"]
        ? workers > 0
          ? "; the worker makes them in the background"
          : "; start the worker (npm start) to make them"
        : ""),
  );
  if (values["no-wait"]) return;

  let local: RunningWorkers | undefined;
  if (workers === 0) {
    console.log("gallery: no worker is running, so this process runs one until the seed is done");
    local = startWorkers(env());
  }
  try {
    await follow(todo, started);
  } finally {
    await local?.close();
  }
}

/** Polls until every queued entry is in the gallery or has failed for good, with a progress bar. */
async function follow(todo: number[], started: number): Promise<void> {
  const queue = queueOf("generations");
  const tty = process.stdout.isTTY === true;
  const bar = new cliProgress.SingleBar(
    {
      format:
        "seeding gallery [{bar}] {percentage}% | {value}/{total} avatars | {rate}/s | eta {eta_formatted}",
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  if (tty) bar.start(todo.length, 0, { rate: "0" });
  let lastLine = 0;
  for (;;) {
    const missing = new Set(await missingGalleryIndices(count));
    const done = todo.filter((i) => !missing.has(i)).length;
    const failedIds = new Set((await queue.getFailed()).map((j) => j?.id));
    const left = await queue.getJobCountByTypes("waiting", "prioritized", "active", "delayed");
    // Missing and neither failed nor anywhere in the queue any more: lost (say, the queue was wiped).
    const failed = todo.filter(
      (i) => missing.has(i) && (failedIds.has(galleryJobId(i)) || left === 0),
    );
    const rate = ((done / Math.max(1, Date.now() - started)) * 1000).toFixed(1);
    if (tty) bar.update(done, { rate });
    else if (Date.now() - lastLine > 2_000 || done + failed.length === todo.length) {
      lastLine = Date.now();
      console.log(`seeding gallery: ${done}/${todo.length} avatars (${rate}/s)`);
    }
    if (done + failed.length === todo.length) {
      if (tty) bar.stop();
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`gallery: ${done} new avatars in ${secs}s`);
      if (failed.length > 0) {
        process.exitCode = 1;
        console.error(
          `gallery: ${failed.length} could not be made (e.g. #${failed[0]}); see the worker log, then run the seed again`,
        );
      }
      return;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await closeQueues();
    await closeDb();
  });
