import type { ModelId } from "./models";

/**
 * A fully normalized generation request: every default applied, nothing left to a provider's
 * discretion. Its canonical JSON is the cache key (lib/generations/normalize.ts).
 */
export interface GenerationRequest {
  prompt: string;
  /** Avatar style id; the local generator draws it, cloud providers get it as prompt guidance. */
  style: string;
  model: ModelId;
  width: number;
  height: number;
  seed: number;
  /** Inference steps (MODELS[model].steps). */
  steps: number;
  /** Output format the provider should produce. */
  format: "png" | "webp" | "jpeg";
  /**
   * `local`: made by the built-in generator whatever providers are configured (the spend budget is
   * used up for this caller's tier). Part of the cache key, so the FLUX request keeps its own entry.
   */
  generator?: "local";
}
