// npm run seed -- [--count N] [--concurrency N]: pre-generate the gallery (idempotent).
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { closeDb } from "@/lib/db";
import { seedGallery, type SeedProgress } from "@/lib/gallery/seed";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "500" },
    concurrency: { type: "string", default: "4" },
  },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(count) || count < 0 || count > 1_000_000)
  throw new Error("--count must be an integer 0..1000000");
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
  throw new Error("--concurrency must be 1..64");

async function main(): Promise<void> {
  const started = Date.now();
  const tty = process.stdout.isTTY === true;
  const bar = new cliProgress.SingleBar(
    {
      format:
        "seeding gallery [{bar}] {percentage}% | {value}/{total} avatars | {rate}/s | eta {eta_formatted}",
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let lastLine = 0;
  let barStarted = false;
  const onProgress = (p: SeedProgress) => {
    const rate = ((p.done / Math.max(1, Date.now() - started)) * 1000).toFixed(0);
    if (tty) {
      if (!barStarted && p.total > 0) {
        bar.start(p.total, 0, { rate });
        barStarted = true;
      }
      if (barStarted) bar.update(p.done, { rate });
    } else if (p.total > 0 && (p.done === p.total || Date.now() - lastLine > 2_000)) {
      // Logs and CI get a line every two seconds instead of a redrawn bar.
      lastLine = Date.now();
      console.log(`seeding gallery: ${p.done}/${p.total} avatars (${rate}/s)`);
    }
  };
  const result = await seedGallery({ count, concurrency, onProgress });
  if (barStarted) bar.stop();
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `gallery: ${result.done} new avatars, ${result.skipped} already there (target ${count}) in ${secs}s`,
  );
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => void closeDb());
