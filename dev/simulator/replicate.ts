import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { REPLICATE_ASPECT_RATIOS, replicateOutputSize } from "@/lib/providers/replicate-input";
import {
  acceptJob,
  credentialOf,
  holdForever,
  holdUntilDone,
  randomSeed,
  type SimContext,
} from "./context";
import { promptAndStyle } from "./files";
import { HttpError, originOf, readJson, sendJson, statusText } from "./http";
import { remainingMs, type SimJob } from "./jobs";
import { predictionJson } from "./replicate-prediction";

/**
 * The Replicate predictions API as replicate@1.4 calls it (index.js, lib/predictions.js):
 *   POST /v1/models/{owner}/{name}/predictions   create; "Prefer: wait[=n]" holds up to n s (max 60)
 *   GET  /v1/predictions/{id}                    poll (wait() and predictions.get)
 *   POST /v1/predictions/{id}/cancel
 * The client retries 429 on every method and 5xx on GET, up to 6 tries with almost no delay.
 */
const MODELS: Record<string, { maxSteps: number }> = {
  "black-forest-labs/flux-schnell": { maxSteps: 4 },
  "black-forest-labs/flux-dev": { maxSteps: 50 },
};

export const replicateError = (status: number, detail: string, headers?: Record<string, string>) =>
  new HttpError(status, { title: statusText(status), detail, status }, headers);

function injected(ctx: SimContext, status: number): HttpError {
  const retryAfter = String(ctx.faults.replicate.faults.retryAfterSeconds ?? 1);
  const headers: Record<string, string> = status === 429 ? { "Retry-After": retryAfter } : {};
  return replicateError(status, `simulated HTTP ${status}`, headers);
}

function inputSchema(maxSteps: number) {
  return z.object({
    prompt: z.string().min(1),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    aspect_ratio: z.enum(REPLICATE_ASPECT_RATIOS).default("1:1"),
    megapixels: z.enum(["1", "0.25"]).default("1"),
    num_outputs: z.number().int().min(1).max(4).default(1),
    num_inference_steps: z.number().int().min(1).max(maxSteps).optional(),
    output_format: z.enum(["webp", "jpg", "png"]).default("webp"),
    output_quality: z.number().int().min(0).max(100).optional(),
    disable_safety_checker: z.boolean().optional(),
    go_fast: z.boolean().optional(),
    style: z.string().optional(),
  });
}

export async function handleReplicate(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
) {
  if (credentialOf(req.headers.authorization, "Bearer") === undefined) {
    throw replicateError(401, "You did not pass a valid authentication token");
  }
  const create = /^\/v1\/models\/([^/]+\/[^/]+)\/predictions$/.exec(path);
  if (create?.[1] !== undefined && req.method === "POST") return submit(ctx, req, res, create[1]);
  const one = /^\/v1\/predictions\/([a-z0-9]+)(\/cancel)?$/.exec(path);
  const job = one?.[1] === undefined ? undefined : ctx.jobs.get("replicate", one[1]);
  if (!job) throw replicateError(404, "The requested resource could not be found.");
  if (one?.[2] === "/cancel" && req.method === "POST") {
    ctx.counts.replicate.cancels += 1;
    if (remainingMs(job) !== 0) job.canceledAt ??= Date.now();
    return sendJson(res, 200, predictionJson(ctx, job, originOf(req)));
  }
  if (one?.[2] === undefined && req.method === "GET") {
    ctx.counts.replicate.polls += 1;
    if (ctx.faults.replicate.faults.resultHang) return holdForever(ctx, res);
    const { resultStatus } = ctx.faults.replicate.faults;
    if (resultStatus !== undefined) throw injected(ctx, resultStatus);
    return reply(ctx, req, res, job, 200);
  }
  throw replicateError(405, "Method Not Allowed");
}

async function submit(ctx: SimContext, req: IncomingMessage, res: ServerResponse, model: string) {
  const limits = MODELS[model];
  if (!limits) throw replicateError(404, "The requested resource could not be found.");
  const body = await readJson(req, (why) => replicateError(400, why));
  ctx.counts.replicate.submits += 1;
  const failure = ctx.faults.replicate.submitFailure();
  if (failure !== undefined) throw injected(ctx, failure);
  const raw = typeof body === "object" && body !== null && "input" in body ? body.input : undefined;
  const parsed = inputSchema(limits.maxSteps).safeParse(raw ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `- input.${i.path.join(".")}: ${i.message}`);
    throw replicateError(422, detail.join("\n"));
  }
  const input = { ...parsed.data, seed: parsed.data.seed ?? randomSeed() };
  const { width, height } = replicateOutputSize(input.aspect_ratio, input.megapixels);
  const { prompt, style } = promptAndStyle(input.prompt, input.style);
  const format = input.output_format === "jpg" ? "jpeg" : input.output_format;
  const images = Array.from({ length: input.num_outputs }, (_, i) => {
    return { prompt, style, seed: input.seed + i, width, height, format } as const;
  });
  const job = acceptJob(ctx, "replicate", {
    // Replicate ids are 26 lowercase base-32 characters.
    id: [...randomBytes(26)].map((b) => "abcdefghijklmnopqrstuvwxyz234567"[b % 32]).join(""),
    model,
    input,
    images,
  });
  const prefer = /(?:^|[;,\s])wait(?:=(\d+))?/.exec([req.headers.prefer ?? ""].flat().join(","));
  if (prefer) {
    // Hold until the prediction finishes or the client's budget runs out; a hung one uses it all.
    const budgetMs = Math.min(Math.max(Number(prefer[1] ?? 60), 1), 60) * 1000;
    const done = await holdUntilDone(ctx, job, budgetMs, res);
    if (!done) return;
  }
  reply(ctx, req, res, job, 201);
}

function reply(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  job: SimJob,
  status: number,
) {
  const prediction = predictionJson(ctx, job, originOf(req));
  if (prediction.status === "succeeded") ctx.counts.replicate.results += 1;
  sendJson(res, status, prediction);
}
