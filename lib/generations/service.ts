import { randomUUID } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { type Identity, ownerOf, type TierLimits } from "@/lib/auth/types";
import type { GenerationRequest } from "@/lib/catalog/generation-request";
import type { PolicyState } from "@/lib/limits/headers";
import { recordCache } from "@/lib/observability/metrics";
import { type GenerationJob, generationJobId, PRIORITY } from "@/lib/queue/contract";
import { enqueueGeneration, queuePosition } from "@/lib/queue/producer";
import { queueGenerationWebhooks } from "@/lib/webhooks/deliveries";
import { admitGenerations, recordCacheHit, refundRequest, type RequestWebhook } from "./admission";
import { cachedSuccess, rememberSuccess } from "./hot-cache";
import { cacheKey, normalizeGeneration, type ParsedGenerationInput } from "./normalize";
import { findByHash, type GenerationRow, upsertQueued } from "./repository";

export interface GenerationTicket {
  row: GenerationRow;
  /** HIT: the image already exists and nothing was queued or charged. */
  cache: "HIT" | "MISS";
  queuePosition: number | null;
  /** Where the daily quota stands after this request's charge (MISS with a caller), for its headers. */
  day?: PolicyState;
}

/** Who is asking, and what their tier allows. Absent only for internal callers (tests, benchmarks). */
export interface Caller {
  identity: Identity;
  limits: TierLimits;
  /** A webhook to send the final event to (API keys only; checked by lib/webhooks/registration). */
  webhook?: RequestWebhook;
  /**
   * Whose private generations these are (ownerOf), when the identity alone does not say: the
   * visitor a cookieless request was just made into (lib/generations/pipeline.ts).
   */
  owner?: string;
}

/** Internal callers' private generations (tests, benchmarks): nobody reads them through the API. */
const INTERNAL_OWNER = "internal";

/**
 * The one engine behind every API dialect: check the tier allows the request, normalize, look it up
 * in the cache index (a hit is free), and only on a miss admit it (quota charge, row and request
 * record in one transaction) and enqueue it. Identical requests in flight share one row and one job;
 * the request that started it is charged (and refunded if it fails), the ones that join it are not.
 */
export async function requestGeneration(
  input: ParsedGenerationInput,
  caller?: Caller,
): Promise<GenerationTicket> {
  const [ticket] = await requestGenerations([input], caller);
  return ticket!;
}

/**
 * Several generations for one request (OpenAI's `n`), in input order, through the same engine. Hits
 * are free; the misses are admitted all together or refused all together (admitGenerations), so a
 * request the quota cannot hold in full charges nothing.
 */
export async function requestGenerations(
  inputs: readonly ParsedGenerationInput[],
  caller?: Caller,
  hooks: EngineHooks = {},
): Promise<GenerationTicket[]> {
  if (caller) for (const input of inputs) assertTierAllows(input, caller.limits);
  const owner = caller ? privateOwner(caller) : INTERNAL_OWNER;
  const planned = inputs.map((input) => {
    const request = normalizeGeneration(input);
    const isPrivate = input.private ?? false;
    return {
      input,
      request,
      private: isPrivate,
      owner: isPrivate ? owner : null,
      hash: cacheKey(request, isPrivate ? owner : null),
    };
  });
  const tickets: (GenerationTicket | null | undefined)[] = await Promise.all(
    planned.map((p) => cacheHit(p, caller)),
  );
  let misses = planned.flatMap((p, i) => (tickets[i] ? [] : [{ ...p, index: i }]));
  if (misses.length > 0) {
    const decision = await hooks.beforeCharge?.();
    if (decision?.generator === "local") misses = await madeLocally(misses, tickets, caller);
  }
  recordCache("hit", planned.length - misses.length);
  recordCache("miss", misses.length);
  if (misses.length > 0) {
    const made = caller ? await admitAndEnqueue(misses, caller) : await enqueueUncharged(misses);
    for (const [j, miss] of misses.entries()) tickets[miss.index] = made[j];
  }
  return tickets.map((t) => t!);
}

/** Steps a caller runs inside the engine's order (lib/generations/pipeline.ts). */
export interface EngineHooks {
  /**
   * After the cache lookup found at least one miss, before anything is charged or queued. It may
   * send the misses to the built-in generator (`generator: "local"`): they are then requests of
   * their own, looked up in the cache again under their own key.
   */
  beforeCharge?: () => Promise<{ generator?: "local" } | void>;
}

/** The misses as local-generator requests; those already made that way are hits, filled in. */
async function madeLocally(
  misses: readonly (PlannedMiss & { index: number })[],
  tickets: (GenerationTicket | null | undefined)[],
  caller: Caller | undefined,
): Promise<(PlannedMiss & { index: number })[]> {
  const local = misses.map((miss) => {
    const request: GenerationRequest = { ...miss.request, generator: "local" };
    return { ...miss, request, hash: cacheKey(request, miss.owner) };
  });
  const hits = await Promise.all(local.map((m) => cacheHit(m, caller)));
  hits.forEach((hit, i) => {
    if (hit) tickets[local[i]!.index] = hit;
  });
  return local.filter((_, i) => !hits[i]);
}

type Planned = {
  input: ParsedGenerationInput;
  request: GenerationRequest;
  private: boolean;
  /** Whose private generation it is (null for a public one): part of its cache key. */
  owner: string | null;
  hash: string;
};
type PlannedMiss = Planned;

/** The owner a caller's private generations are keyed and read by (lib/auth/types.ts ownerOf). */
function privateOwner(caller: Caller): string {
  // A caller nobody can tell apart from others still gets a private generation of their own: the
  // answer to this request is then the only way to it.
  return caller.owner ?? ownerOf(caller.identity) ?? `once:${randomUUID()}`;
}

/** Internal callers (tests, benchmarks): no quota, no owner. */
async function enqueueUncharged(misses: readonly PlannedMiss[]): Promise<GenerationTicket[]> {
  const tickets: GenerationTicket[] = [];
  for (const miss of misses) {
    const row = await upsertQueued(miss.hash, miss.request, {
      private: miss.private,
      owner: miss.owner,
    });
    tickets.push(
      row.status === "succeeded"
        ? { row, cache: "HIT", queuePosition: null }
        : await enqueue(row, miss.hash, miss.request, PRIORITY.anonymous),
    );
  }
  return tickets;
}

async function admitAndEnqueue(
  misses: readonly PlannedMiss[],
  caller: Caller,
): Promise<GenerationTicket[]> {
  const admissions = await admitGenerations({
    identity: caller.identity,
    limits: caller.limits,
    items: misses.map((m) => ({
      hash: m.hash,
      request: m.request,
      private: m.private,
      owner: m.owner,
      webhook: caller.webhook,
    })),
  });
  const owner = { subject: caller.identity.subject, concurrentJobs: caller.limits.concurrentJobs };
  const tickets: GenerationTicket[] = [];
  try {
    for (const [i, admitted] of admissions.entries()) {
      if (admitted.row.status === "succeeded") {
        // Finished between the lookup and the admission: a hit after all, so nothing is charged.
        await refundRequest(admitted.requestId);
        await sendEndedWebhooks(admitted.row.id, caller);
        tickets.push({ row: admitted.row, cache: "HIT", queuePosition: null });
        continue;
      }
      const miss = misses[i]!;
      const ticket = await enqueue(
        admitted.row,
        miss.hash,
        miss.request,
        caller.limits.queuePriority,
        owner,
      );
      // The generation may have ended before this request's record was visible to the worker that
      // sent its webhooks: this sends the ones it missed (and nothing while it is still running).
      await sendEndedWebhooks(admitted.row.id, caller);
      tickets.push({ ...ticket, ...(admitted.day ? { day: admitted.day } : {}) });
    }
  } catch (error) {
    // The request fails as a whole, so none of it stays charged.
    await Promise.all(admissions.map((a) => refundRequest(a.requestId).catch(() => undefined)));
    throw error;
  }
  return tickets;
}

/** Queues the webhooks of an ended generation (none when the caller registered none). */
async function sendEndedWebhooks(generationId: string, caller?: Caller): Promise<void> {
  if (!caller?.webhook) return;
  try {
    await queueGenerationWebhooks(generationId);
  } catch (error) {
    throw new ApiError(
      "service_unavailable",
      "The webhook queue is unavailable. Please try again shortly.",
      { cause: error },
    );
  }
}

async function cacheHit(
  planned: Planned,
  caller: Caller | undefined,
): Promise<GenerationTicket | null> {
  const hit = (await cachedSuccess(planned.hash)) ?? (await succeeded(planned.hash));
  // The key already keeps other owners' private rows apart; this keeps a stale entry from doing so.
  if (!hit || (hit.private && hit.private_owner !== planned.owner)) return null;
  if (caller) {
    await recordCacheHit(caller.identity, hit.id, planned.private, caller.webhook);
    await sendEndedWebhooks(hit.id, caller);
  }
  return { row: hit, cache: "HIT", queuePosition: null };
}

async function succeeded(hash: string): Promise<GenerationRow | null> {
  const existing = await findByHash(hash);
  if (existing?.status !== "succeeded") return null;
  await rememberSuccess(existing);
  return existing;
}

async function enqueue(
  row: GenerationRow,
  hash: string,
  request: ReturnType<typeof normalizeGeneration>,
  priority: number,
  owner?: GenerationJob["owner"],
): Promise<GenerationTicket> {
  await enqueueGeneration({ generationId: row.id, requestHash: hash, request, owner }, priority);
  return { row, cache: "MISS", queuePosition: await queuePosition(generationJobId(hash)) };
}

/** A model or size outside the tier is refused before anything else, with what would be allowed. */
function assertTierAllows(input: ParsedGenerationInput, limits: TierLimits): void {
  if (!limits.allowedModels.includes(input.model)) {
    throw new ApiError(
      "model_not_allowed",
      `The ${limits.name} tier does not include ${input.model}; it includes ${limits.allowedModels.join(", ")}. Premium and enterprise include flux-dev.`,
      { details: { model: input.model, allowed_models: limits.allowedModels, tier: limits.id } },
    );
  }
  const side = Math.max(input.width, input.height);
  if (side > limits.maxSize) {
    throw new ApiError(
      "size_not_allowed",
      `The ${limits.name} tier makes images up to ${limits.maxSize} px on the longer side; ${input.width}×${input.height} is larger.`,
      {
        details: {
          max_size: limits.maxSize,
          width: input.width,
          height: input.height,
          tier: limits.id,
        },
      },
    );
  }
}
