import { megapixels } from "./output";
import { styledPrompt } from "./prompt";
import type { GenerationRequest } from "@/lib/catalog/generation-request";
import type { ModelId } from "@/lib/catalog/models";

/** Our GenerationRequest in the terms of FLUX on Fal (fal-ai/flux/schnell and fal-ai/flux/dev). */
export const FAL_ENDPOINTS = {
  "flux-schnell": "fal-ai/flux/schnell",
  "flux-dev": "fal-ai/flux/dev",
} as const satisfies Record<ModelId, string>;

export type FalEndpoint = (typeof FAL_ENDPOINTS)[ModelId];

const USD_PER_MEGAPIXEL: Record<ModelId, number> = { "flux-schnell": 0.003, "flux-dev": 0.025 };

/** Fal prices per megapixel; rounding up to whole megapixels keeps the estimate on the safe side. */
export function falCostUsd(model: ModelId, width: number, height: number): number {
  return Math.ceil(megapixels(width, height)) * USD_PER_MEGAPIXEL[model];
}

export function falInput(request: GenerationRequest) {
  return {
    prompt: styledPrompt(request.prompt, request.style),
    image_size: { width: request.width, height: request.height },
    seed: request.seed,
    num_inference_steps: request.steps,
    num_images: 1,
    // FLUX on Fal writes only jpeg or png; png is lossless, and the worker makes the webp variants.
    output_format: request.format === "jpeg" ? ("jpeg" as const) : ("png" as const),
    enable_safety_checker: true,
  };
}
