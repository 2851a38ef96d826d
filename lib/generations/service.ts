import { ApiError } from "@/lib/api/errors";
import type { Identity, TierLimits } from "@/lib/auth/types";
import { admitGeneration, recordCacheHit, refundRequest } from "@/lib/limits/admission";
import { enqueueGeneration, queuePosition } from "@/lib/queue/producer";
import { type GenerationJob, generationJobId, PRIORITY } from "@/lib/queue/contract";
import { normalizeGeneration, type ParsedGenerationInput, requestHash } from "./normalize";
import { cachedSuccess, rememberSuccess } from "./hot-cache";
import { findByHash, type GenerationRow, upsertQueued } from "./repository";

export interface GenerationTicket {
  row: GenerationRow;
  /** HIT: the image already exists and nothing was queued or charged. */
  cache: "HIT" | "MISS";
  queuePosition: number | null;
  /** Generations charged today including this one (MISS with a caller), for the quota headers. */
  used?: number;
}

/** Who is asking, and what their tier allows. Absent only for internal callers (tests, benchmarks). */
export interface Caller {
  identity: Identity;
  limits: TierLimits;
}

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
  if (caller) assertTierAllows(input, caller.limits);
  const request = normalizeGeneration(input);
  const hash = requestHash(request);
  const hit = await cacheHit(hash, input, caller);
  if (hit) return hit;

  const priority = caller?.limits.queuePriority ?? PRIORITY.anonymous;
  if (!caller) {
    const row = await upsertQueued(hash, request, { private: input.private });
    if (row.status === "succeeded") return { row, cache: "HIT", queuePosition: null };
    return enqueue(row, hash, request, priority);
  }
  const admitted = await admitGeneration({
    identity: caller.identity,
    limits: caller.limits,
    hash,
    request,
    private: input.private,
  });
  if (admitted.row.status === "succeeded") {
    // Finished between the lookup and the admission: a hit after all, so nothing is charged.
    await refundRequest(admitted.requestId);
    return { row: admitted.row, cache: "HIT", queuePosition: null };
  }
  try {
    const owner = {
      subject: caller.identity.subject,
      concurrentJobs: caller.limits.concurrentJobs,
    };
    return {
      ...(await enqueue(admitted.row, hash, request, priority, owner)),
      used: admitted.used ?? undefined,
    };
  } catch (error) {
    await refundRequest(admitted.requestId).catch(() => undefined);
    throw error;
  }
}

/**
 * The cache-hit half of requestGeneration alone, for dialects that answer a hit differently from a
 * miss (the Pollinations URLs rate-limit only misses): null when the request would need a generation.
 * A random seed (-1) is never a hit.
 */
export async function findCachedGeneration(
  input: ParsedGenerationInput,
  caller?: Caller,
): Promise<GenerationTicket | null> {
  if (input.seed === undefined || input.seed === -1) return null;
  if (caller) assertTierAllows(input, caller.limits);
  return cacheHit(requestHash(normalizeGeneration(input)), input, caller);
}

async function cacheHit(
  hash: string,
  input: ParsedGenerationInput,
  caller: Caller | undefined,
): Promise<GenerationTicket | null> {
  const hit = (await cachedSuccess(hash)) ?? (await succeeded(hash));
  if (!hit) return null;
  if (caller) await recordCacheHit(caller.identity, hit.id, input.private);
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
