import { enqueueGeneration, queuePosition } from "@/lib/queue/producer";
import { generationJobId, PRIORITY } from "@/lib/queue/contract";
import { normalizeGeneration, type ParsedGenerationInput, requestHash } from "./normalize";
import { cachedSuccess, rememberSuccess } from "./hot-cache";
import { findByHash, type GenerationRow, upsertQueued } from "./repository";

export interface GenerationTicket {
  row: GenerationRow;
  /** HIT: the image already exists and nothing was queued or charged. */
  cache: "HIT" | "MISS";
  queuePosition: number | null;
}

/**
 * The one engine behind every API dialect: normalize, look the request up in the cache index, and
 * only on a miss record it and enqueue it. Identical requests in flight share one row and one job.
 */
export async function requestGeneration(
  input: ParsedGenerationInput,
  options: { priority?: number; subject?: string } = {},
): Promise<GenerationTicket> {
  const request = normalizeGeneration(input);
  const hash = requestHash(request);
  const hot = await cachedSuccess(hash);
  if (hot) return { row: hot, cache: "HIT", queuePosition: null };
  const existing = await findByHash(hash);
  if (existing?.status === "succeeded") {
    await rememberSuccess(existing);
    return { row: existing, cache: "HIT", queuePosition: null };
  }

  const row = await upsertQueued(hash, request, {
    private: input.private,
    subject: options.subject,
  });
  if (row.status === "succeeded") return { row, cache: "HIT", queuePosition: null };
  await enqueueGeneration(
    { generationId: row.id, requestHash: hash, request },
    options.priority ?? PRIORITY.anonymous,
  );
  return { row, cache: "MISS", queuePosition: await queuePosition(generationJobId(hash)) };
}
