import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  acceptJob,
  credentialOf,
  holdForever,
  holdUntilDone,
  randomSeed,
  type SimContext,
} from "./context";
import { falInputSchema, falOutput, falSize, falStatus, validationDetail } from "./fal-output";
import { promptAndStyle } from "./files";
import { HttpError, originOf, readJson, sendJson } from "./http";
import { phaseOf, type SimJob } from "./jobs";

/**
 * The Fal queue protocol as @fal-ai/client 1.10 speaks it (src/queue.js, src/request.js):
 *   POST /{owner}/{alias}[/{path}]                  submit (sends x-fal-queue-priority)
 *   GET  /{owner}/{alias}/requests/{id}/status      poll; the model's subpath is dropped here,
 *   GET  /{owner}/{alias}/requests/{id}             result (requestId read from x-fal-request-id)
 *   PUT  /{owner}/{alias}/requests/{id}/cancel
 * A POST without x-fal-queue-priority is the synchronous https://fal.run call (client.run): it
 * lands on the same path once both hosts are rewritten to one origin, and the header tells them apart.
 */
const APPS: Record<string, { maxSteps: number }> = {
  "fal-ai/flux/schnell": { maxSteps: 12 },
  "fal-ai/flux/dev": { maxSteps: 50 },
};

const falError = (status: number, detail: unknown, headers?: Record<string, string>) =>
  new HttpError(status, { detail }, headers);

function injected(ctx: SimContext, status: number): HttpError {
  const retryAfter = String(ctx.faults.fal.faults.retryAfterSeconds ?? 1);
  return falError(
    status,
    `simulated HTTP ${status}`,
    status === 429 ? { "Retry-After": retryAfter } : {},
  );
}

export async function handleFal(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
) {
  if (credentialOf(req.headers.authorization, "Key") === undefined) {
    throw falError(401, "No valid credentials provided: send Authorization: Key <FAL_KEY>");
  }
  const segments = path.split("/").filter(Boolean);
  const at = segments.indexOf("requests");
  if (at < 0) {
    if (req.method !== "POST") throw falError(405, "Method Not Allowed");
    return submit(ctx, req, res, segments.join("/"));
  }
  const app = segments.slice(0, at).join("/");
  const job = ctx.jobs.get("fal", segments[at + 1] ?? "");
  // Status, result and cancel name only owner/alias: fal-ai/flux serves schnell and dev alike.
  if (!job || !job.model.startsWith(`${app}/`) || at !== 2)
    throw falError(404, "Request not found");
  const rest = segments.slice(at + 2).join("/");
  const route = `${req.method} ${rest}`;
  if (route === "GET status") return status(ctx, req, res, job, app);
  if (route === "GET ") {
    if (ctx.faults.fal.faults.resultHang) return holdForever(ctx, res);
    return result(ctx, req, res, job);
  }
  if (route === "PUT cancel") return cancel(ctx, res, job);
  if (route === "GET status/stream") {
    throw falError(404, "status streaming is not simulated; poll …/status (the client's default)");
  }
  throw falError(404, "Not Found");
}

async function submit(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: string,
) {
  const limits = APPS[endpoint];
  if (!limits) throw falError(404, `Application '${endpoint}' not found`);
  const queued = req.headers["x-fal-queue-priority"] !== undefined;
  const raw = await readJson(req, (why) => falError(400, why));
  ctx.counts.fal.submits += 1;
  const failure = ctx.faults.fal.submitFailure();
  if (failure !== undefined) throw injected(ctx, failure);
  const parsed = falInputSchema(limits.maxSteps).safeParse(raw);
  if (!parsed.success) throw falError(422, validationDetail(parsed.error));
  const input = parsed.data;
  const { width, height } = falSize(input.image_size);
  const seed = input.seed ?? randomSeed();
  const { prompt, style } = promptAndStyle(input.prompt);
  const format = input.output_format;
  const images = Array.from({ length: input.num_images }, (_, i) => ({
    prompt,
    style,
    seed: seed + i,
    width,
    height,
    format,
  }));
  const job = acceptJob(ctx, "fal", {
    id: randomUUID(),
    model: endpoint,
    input: { ...input, seed },
    images,
  });
  const headers = { "x-fal-request-id": job.id };
  if (!queued) {
    // fal.run: hold the connection until the image is ready (forever when hung, until the client leaves).
    const done = await holdUntilDone(ctx, job, 86_400_000, res);
    if (!done) return;
    ctx.counts.fal.results += 1;
    return sendJson(res, 200, falOutput(ctx, job, originOf(req)), headers);
  }
  const app = endpoint.split("/").slice(0, 2).join("/");
  const position = job.linePosition ?? job.queueAhead;
  const body = { status: "IN_QUEUE", ...queueUrls(req, app, job), queue_position: position };
  sendJson(res, 200, { ...body, logs: null, metrics: {} }, headers);
}

function status(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  job: SimJob,
  app: string,
) {
  ctx.counts.fal.polls += 1;
  const withLogs = new URL(req.url ?? "/", "http://x").searchParams.get("logs") === "1";
  const { code, body } = falStatus(job, withLogs);
  sendJson(res, code, { ...body, ...queueUrls(req, app, job) }, { "x-fal-request-id": job.id });
}

/** The URLs every queue response carries; the client ignores them and builds its own. */
function queueUrls(req: IncomingMessage, app: string, job: SimJob) {
  const base = `${originOf(req)}/${app}/requests/${job.id}`;
  return {
    request_id: job.id,
    response_url: base,
    status_url: `${base}/status`,
    cancel_url: `${base}/cancel`,
  };
}

function result(ctx: SimContext, req: IncomingMessage, res: ServerResponse, job: SimJob) {
  ctx.counts.fal.results += 1;
  const { resultStatus } = ctx.faults.fal.faults;
  if (resultStatus !== undefined) throw injected(ctx, resultStatus);
  const state = phaseOf(job);
  if (state.phase === "canceled") throw falError(400, "Request was cancelled");
  if (state.phase !== "done") throw falError(400, "Request is still in progress");
  sendJson(res, 200, falOutput(ctx, job, originOf(req)), { "x-fal-request-id": job.id });
}

function cancel(ctx: SimContext, res: ServerResponse, job: SimJob) {
  ctx.counts.fal.cancels += 1;
  if (phaseOf(job).phase === "done") return sendJson(res, 400, { status: "ALREADY_COMPLETED" });
  job.canceledAt ??= Date.now();
  sendJson(res, 202, { status: "CANCELLATION_REQUESTED" });
}
