/**
 * Throughput of the local generator as the gallery seeder uses it: galleryEntry → renderAvatar at
 * 1024 px → makeVariants. Run: npm run bench -- local-generator [count] [concurrency]
 */
import os from "node:os";
import sharp from "sharp";
import { galleryEntry } from "../lib/gallery/prompts";
import { makeVariants } from "../lib/images/variants";
import { renderAvatar } from "../lib/providers/local/render";

const COUNT = Number(process.argv[2] ?? 200);
const CONCURRENCY = Number(process.argv[3] ?? 4);
const SIZE = 1024;

/** Runs `task` over 0..count-1 with at most `limit` in flight; returns the results in index order. */
async function pool<T>(
  count: number,
  limit: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
  return results;
}

/** Wall time shows throughput; CPU time (all threads) is steadier when other work shares the machine. */
async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await run();
  const wallMs = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  const cpuMs = (user + system) / 1000;
  console.log(
    `${label.padEnd(16)} ${(wallMs / COUNT).toFixed(1).padStart(5)} ms/avatar wall ` +
      `${(cpuMs / COUNT).toFixed(1).padStart(5)} ms/avatar CPU ` +
      `${((COUNT / wallMs) * 1000).toFixed(1).padStart(5)} avatars/s`,
  );
  return result;
}

const render = (i: number) => renderAvatar({ ...galleryEntry(i), size: SIZE });

async function main() {
  console.log(
    `${COUNT} avatars at ${SIZE}px, concurrency ${CONCURRENCY}, ${os.cpus().length} cores, ` +
      `sharp.concurrency=${sharp.concurrency()}, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? 4}`,
  );
  await pool(12, CONCURRENCY, async (i) => makeVariants(await render(i))); // warm-up: one of each style

  const pngs = await timed("render only", () => pool(COUNT, CONCURRENCY, render));
  await timed("variants only", () => pool(COUNT, CONCURRENCY, (i) => makeVariants(pngs[i]!)));
  const all = await timed("render+variants", () =>
    pool(COUNT, CONCURRENCY, async (i) => makeVariants(await render(i))),
  );

  const kb = (n: number) => `${(n / COUNT / 1024).toFixed(1)} KB`;
  const sum = (f: (v: (typeof all)[number]) => number) => all.reduce((t, v) => t + f(v), 0);
  console.log(
    `mean sizes: png ${kb(sum((v) => v.original.bytes.length))}, ` +
      `webp 1024 ${kb(sum((v) => v.webp[1024]!.length))}, 512 ${kb(sum((v) => v.webp[512]!.length))}, ` +
      `256 ${kb(sum((v) => v.webp[256]!.length))}, 128 ${kb(sum((v) => v.webp[128]!.length))}, ` +
      `blur ${(sum((v) => v.blurDataUrl.length) / COUNT).toFixed(0)} B`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
