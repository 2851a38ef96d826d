import { styledPrompt } from "./prompt";
import type { GenerationRequest } from "@/lib/catalog/generation-request";
import type { ModelId } from "@/lib/catalog/models";

/**
 * Our GenerationRequest in the terms of FLUX on Replicate (black-forest-labs/flux-schnell and
 * flux-dev): prompt, seed, aspect_ratio and a megapixel budget instead of width/height,
 * num_outputs, num_inference_steps (schnell 1..4, dev 1..50), output_format webp|jpg|png.
 */
export const REPLICATE_MODELS = {
  "flux-schnell": "black-forest-labs/flux-schnell",
  "flux-dev": "black-forest-labs/flux-dev",
} as const satisfies Record<ModelId, `${string}/${string}`>;

export const USD_PER_IMAGE: Record<ModelId, number> = { "flux-schnell": 0.003, "flux-dev": 0.025 };

/** The aspect ratios FLUX on Replicate accepts; it takes no width/height. */
export const REPLICATE_ASPECT_RATIOS = [
  "1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21",
] as const; // prettier-ignore
export type ReplicateAspectRatio = (typeof REPLICATE_ASPECT_RATIOS)[number];
export type ReplicateMegapixels = "1" | "0.25";

function ratioOf(aspectRatio: ReplicateAspectRatio): number {
  const [w = 1, h = 1] = aspectRatio.split(":").map(Number);
  return w / h;
}

const megapixelsFor = (request: GenerationRequest): ReplicateMegapixels =>
  Math.max(request.width, request.height) <= 512 ? "0.25" : "1";

/** About what FLUX on Replicate draws for a ratio and budget (exact for 1:1): multiples of 16. */
export function replicateOutputSize(aspectRatio: ReplicateAspectRatio, mp: ReplicateMegapixels) {
  const ratio = ratioOf(aspectRatio);
  const pixels = Number(mp) * 1024 * 1024;
  const round16 = (n: number) => Math.round(n / 16) * 16;
  return {
    width: round16(Math.sqrt(pixels * ratio)),
    height: round16(Math.sqrt(pixels / ratio)),
  };
}

export function replicateInput(request: GenerationRequest) {
  const target = request.width / request.height;
  // Nearest by log-ratio, so 2:1 is as far from 1:1 as 1:2 is.
  const distance = (r: ReplicateAspectRatio) => Math.abs(Math.log(ratioOf(r) / target));
  const aspect_ratio = REPLICATE_ASPECT_RATIOS.reduce((best, r) =>
    distance(r) < distance(best) ? r : best,
  );
  return {
    prompt: styledPrompt(request.prompt, request.style),
    seed: request.seed,
    aspect_ratio,
    // Only two budgets exist: 512² for small avatars, 1024² otherwise; the worker resizes to fit.
    megapixels: megapixelsFor(request),
    num_outputs: 1,
    num_inference_steps: request.steps,
    output_format: request.format === "jpeg" ? "jpg" : request.format,
    output_quality: 90,
    disable_safety_checker: false,
  };
}
