import { isServiceUnavailable } from "@/lib/api/unavailable";
import { galleryEntry } from "@/lib/gallery/prompts";
import {
  GALLERY_ORIGINAL_SIZE,
  hasGalleryEntry,
  insertGalleryRows,
  storeGalleryImage,
} from "@/lib/gallery/seed";
import { normalizeGeneration } from "@/lib/generations/normalize";
import { builtInOnly } from "@/lib/providers";
import { generateWithFallback } from "@/lib/providers/chain";
import { outputAsPng } from "@/lib/providers/output-image";
import type { ImageProvider } from "@/lib/providers/types";
import { galleryJobSchema } from "@/lib/queue/contract";
import { UnrecoverableError } from "@/lib/queue/errors";
import type { ContractJob } from "@/lib/queue/queues";
import { checkBatchBudget } from "@/lib/spend/guard";
import { callRecorder } from "./call-recorder";
import { jobFailure } from "./failure";

/**
 * Makes one pre-generated gallery avatar through the same providers as a person's request (the
 * local generator when no keys are set), stores it with every variant and its blur placeholder, and
 * indexes it. Idempotent: an entry already in the gallery is skipped, and the unique
 * (style, seed, prompt) constraint absorbs a race between two workers.
 */
export function galleryProcessor(deps: {
  providers: readonly ImageProvider[];
  providerSlots?: number;
}) {
  const make = makeGalleryAvatar(deps);
  return async (
    job: ContractJob<"generations">,
    token?: string,
  ): Promise<{ index: number; skipped: boolean }> => {
    try {
      return await make(job, token);
    } catch (error) {
      // The database or storage is down: wait for it, without using a try.
      if (isServiceUnavailable(error)) throw await jobFailure(error, { job, token });
      throw error;
    }
  };
}

function makeGalleryAvatar(deps: { providers: readonly ImageProvider[]; providerSlots?: number }) {
  return async (job: ContractJob<"generations">, token?: string) => {
    const { index } = galleryJobSchema.parse(job.data);
    if (await hasGalleryEntry(index)) return { index, skipped: true };
    const entry = galleryEntry(index);
    const request = normalizeGeneration({
      prompt: entry.prompt,
      style: entry.style,
      model: "flux-schnell",
      width: GALLERY_ORIGINAL_SIZE,
      height: GALLERY_ORIGINAL_SIZE,
      seed: entry.seed,
      private: false,
    });
    // Gallery calls cost money too: recorded like a person's, for the spend ledger, and held to the
    // global budgets like a free request's.
    const recorder = callRecorder({ galleryIndex: index });
    const budget = await checkBatchBudget();
    const providers = budget.generator === "local" ? builtInOnly(deps.providers) : deps.providers;
    let result;
    try {
      result = await generateWithFallback(providers, request, {
        onCall: recorder.onCall,
        providerSlots: deps.providerSlots,
      });
    } catch (error) {
      throw await jobFailure(error, { job, token });
    } finally {
      await recorder.flush();
    }
    if (result.nsfw) throw new UnrecoverableError("content_flagged");
    const { png } = await outputAsPng(result);
    await insertGalleryRows([await storeGalleryImage(index, png)]);
    return { index, skipped: false };
  };
}
