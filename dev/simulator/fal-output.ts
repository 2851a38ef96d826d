import { z } from "zod";
import { MAX_RENDER_SIZE, MIN_RENDER_SIZE } from "@/lib/providers/local/render";
import type { SimContext } from "./context";
import { phaseOf, type SimJob } from "./jobs";

/** Fal's named sizes for FLUX (image_size may be one of these or { width, height }). */
const PRESETS = {
  square_hd: [1024, 1024],
  square: [512, 512],
  portrait_4_3: [768, 1024],
  portrait_16_9: [576, 1024],
  landscape_4_3: [1024, 768],
  landscape_16_9: [1024, 576],
} as const satisfies Record<string, readonly [number, number]>;

const side = z.number().int().min(MIN_RENDER_SIZE).max(MAX_RENDER_SIZE);

/** The FLUX input as Fal validates it; unknown fields are ignored, as FastAPI does. */
export function falInputSchema(maxSteps: number) {
  return z.object({
    prompt: z.string().min(1),
    image_size: z
      .union([
        z.object({ width: side, height: side }),
        z.enum(Object.keys(PRESETS) as [keyof typeof PRESETS]),
      ])
      .default("landscape_4_3"),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    num_inference_steps: z.number().int().min(1).max(maxSteps).optional(),
    num_images: z.number().int().min(1).max(4).default(1),
    output_format: z.enum(["jpeg", "png"]).default("jpeg"),
    enable_safety_checker: z.boolean().default(true),
  });
}

export function falSize(size: { width: number; height: number } | keyof typeof PRESETS) {
  if (typeof size !== "string") return size;
  const [width, height] = PRESETS[size];
  return { width, height };
}

/** FastAPI's 422 shape: { detail: [{ loc, msg, type }] }; the client's ValidationError reads it. */
export function validationDetail(error: z.ZodError) {
  return error.issues.map((issue) => ({
    loc: ["body", ...issue.path.map(String)],
    msg: issue.message,
    type: "value_error",
  }));
}

/** The FLUX result body, or a broken one under the malformed fault (shape chosen by seed parity). */
export function falOutput(ctx: SimContext, job: SimJob, origin: string) {
  const seed = Number(job.input.seed);
  const body = {
    images: job.images.map((spec, i) => ({
      url: ctx.images.url(origin, job.fileIds[i] ?? ""),
      width: spec.width,
      height: spec.height,
      content_type: spec.format === "png" ? "image/png" : "image/jpeg",
    })),
    timings: { inference: (job.latencyMs * 0.75) / 1000 },
    seed,
    has_nsfw_concepts: job.images.map(() => job.nsfw),
    prompt: String(job.input.prompt),
  };
  if (!job.malformed) return body;
  if (seed % 2 === 0) {
    const { images: _dropped, ...rest } = body;
    return rest;
  }
  const url = `${origin}/files/${job.fileIds[0] ?? "missing"}.txt`;
  return {
    ...body,
    images: body.images.map((image) => ({ ...image, url, content_type: "text/plain" })),
  };
}

/** A status poll's answer: 202 while queued or running, 200 once completed (or canceled). */
export function falStatus(job: SimJob, withLogs: boolean, now = Date.now()) {
  const state = phaseOf(job, now);
  if (state.phase === "queued") {
    return { code: 202, body: { status: "IN_QUEUE", queue_position: state.queuePosition } };
  }
  const steps = Number(job.input.num_inference_steps ?? 4);
  const logs = (fraction: number) =>
    withLogs
      ? [
          {
            message: `step ${Math.floor(fraction * steps)}/${steps}`,
            level: "INFO",
            source: "USER",
            timestamp: new Date(now).toISOString(),
          },
        ]
      : null;
  if (state.phase === "running") {
    return { code: 202, body: { status: "IN_PROGRESS", logs: logs(state.fraction) } };
  }
  const metrics = { inference_time: (job.latencyMs * 0.75) / 1000 };
  return { code: 200, body: { status: "COMPLETED", logs: logs(1), metrics } };
}
