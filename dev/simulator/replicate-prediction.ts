import type { SimContext } from "./context";
import { clockStart, phaseOf, type SimJob } from "./jobs";

/** The error Replicate's FLUX models fail with when every output trips the safety checker. */
export const NSFW_ERROR =
  "NSFW content detected. Try running it again, or try a different prompt (all outputs were flagged).";

/** FLUX's logs as Replicate shows them: the seed, then tqdm bars the client can parse progress from. */
function logs(job: SimJob, fraction: number): string {
  const steps = Number(job.input.num_inference_steps ?? 4);
  const done = Math.floor(fraction * steps);
  const lines = [`Using seed: ${String(job.input.seed)}`, "running quantized prediction"];
  for (let step = 0; step <= done; step++) {
    const pct = Math.round((step / steps) * 100);
    const filled = Math.round((step / steps) * 10);
    const bar = "█".repeat(filled) + " ".repeat(10 - filled);
    lines.push(`${String(pct).padStart(3)}%|${bar}| ${step}/${steps} [00:00<00:00, 4.00it/s]`);
  }
  return lines.join("\n");
}

function output(ctx: SimContext, job: SimJob, origin: string): string[] | null {
  const urls = job.fileIds.map((id) => ctx.images.url(origin, id));
  if (!job.malformed) return urls;
  // Malformed: no output at all for even seeds, a URL that is not an image for odd ones.
  return Number(job.input.seed) % 2 === 0 ? null : [`${origin}/files/${job.fileIds[0]}.txt`];
}

export function predictionJson(ctx: SimContext, job: SimJob, origin: string, now = Date.now()) {
  const state = phaseOf(job, now);
  const iso = (ms: number) => new Date(ms).toISOString();
  const base = {
    id: job.id,
    model: job.model,
    version: "hidden",
    input: job.input,
    source: "api",
    data_removed: false,
    created_at: iso(job.createdAt),
    urls: {
      get: `${origin}/v1/predictions/${job.id}`,
      cancel: `${origin}/v1/predictions/${job.id}/cancel`,
      web: `${origin}/p/${job.id}`,
    },
  };
  switch (state.phase) {
    case "queued":
      return { ...base, status: "starting" as const, logs: "", output: null, error: null };
    case "running":
      return {
        ...base,
        status: "processing" as const,
        started_at: iso(state.since),
        logs: logs(job, state.fraction),
        output: null,
        error: null,
      };
    case "canceled":
      return {
        ...base,
        status: "canceled" as const,
        completed_at: iso(state.at),
        logs: "",
        output: null,
        error: null,
      };
    case "done": {
      const start = clockStart(job) ?? job.createdAt;
      const finished = {
        ...base,
        started_at: iso(start + job.latencyMs * 0.25),
        completed_at: iso(state.at),
        logs: logs(job, 1),
        metrics: {
          predict_time: (job.latencyMs * 0.75) / 1000,
          total_time: (state.at - job.createdAt) / 1000,
        },
      };
      return job.nsfw
        ? { ...finished, status: "failed" as const, output: null, error: NSFW_ERROR }
        : {
            ...finished,
            status: "succeeded" as const,
            output: output(ctx, job, origin),
            error: null,
          };
    }
  }
}
