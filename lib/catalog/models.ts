/**
 * The models Likeness offers, as product concepts: what a person picks, what a tier allows, what a
 * quota and a deadline are reckoned in. Provider adapters map these ids onto their own endpoints;
 * nothing here knows a vendor. Plain data, safe for client components.
 */
export const MODEL_IDS = ["flux-schnell", "flux-dev"] as const;
export type ModelId = (typeof MODEL_IDS)[number];

export const DEFAULT_MODEL: ModelId = "flux-schnell";

export interface ModelInfo {
  id: ModelId;
  /** How people see it named. */
  label: string;
  /** Inference steps every request of this model runs (part of the cache key). */
  steps: number;
  /**
   * How long one image normally takes at a provider, submit to result, in milliseconds: what a
   * provider attempt's deadline is derived from, so a hang is noticed in seconds, not minutes.
   */
  typicalMs: number;
}

export const MODELS: Record<ModelId, ModelInfo> = {
  "flux-schnell": { id: "flux-schnell", label: "FLUX schnell", steps: 4, typicalMs: 2_000 },
  "flux-dev": { id: "flux-dev", label: "FLUX dev", steps: 28, typicalMs: 8_000 },
};

export function isModelId(value: string): value is ModelId {
  return (MODEL_IDS as readonly string[]).includes(value);
}

/** A model's display name; an unknown id (an old row) is shown as it is. */
export function modelName(id: string): string {
  return isModelId(id) ? MODELS[id].label : id;
}
