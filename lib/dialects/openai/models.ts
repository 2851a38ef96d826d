import { ApiError } from "@/lib/api/errors";
import { MODEL_IDS, type ModelId } from "@/lib/catalog/models";

/** A model as OpenAI's `GET /v1/models` lists it. */
export interface OpenAiModel {
  id: ModelId;
  object: "model";
  /** Unix seconds: when Black Forest Labs released FLUX.1 [schnell] and [dev] (2024-08-01). */
  created: number;
  owned_by: string;
}

const FLUX_RELEASED = Date.UTC(2024, 7, 1) / 1000;

/**
 * Other names clients know our models by: the providers' own ids (Fal, Replicate, Hugging Face)
 * and the bare `flux/…` form. Matched case-insensitively. Only our ids are listed by /v1/models;
 * an alias answers as the model it names.
 */
export const MODEL_ALIASES: Record<ModelId, readonly string[]> = {
  "flux-schnell": [
    "flux/schnell",
    "fal-ai/flux/schnell",
    "black-forest-labs/flux-schnell",
    "flux.1-schnell",
    "black-forest-labs/flux.1-schnell",
  ],
  "flux-dev": [
    "flux/dev",
    "fal-ai/flux/dev",
    "black-forest-labs/flux-dev",
    "flux.1-dev",
    "black-forest-labs/flux.1-dev",
  ],
};

const BY_NAME = new Map<string, ModelId>(
  MODEL_IDS.flatMap((id) => [id, ...MODEL_ALIASES[id]].map((name) => [name, id] as const)),
);

export const DEFAULT_OPENAI_MODEL: ModelId = "flux-schnell";

/** Our model id for a name a client sent, or undefined when it names none of ours. */
export function resolveModel(name: string): ModelId | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

export function describeModel(id: ModelId): OpenAiModel {
  return { id, object: "model", created: FLUX_RELEASED, owned_by: "black-forest-labs" };
}

export function listModels(): { object: "list"; data: OpenAiModel[] } {
  return { object: "list", data: MODEL_IDS.map(describeModel) };
}

/**
 * A 404 `model_not_found`, as OpenAI answers for a model that does not exist (its chat and models
 * endpoints do; its images endpoint says 400): one answer for our images and models endpoints, and
 * the SDKs raise NotFoundError for it, which clients already treat as "wrong model name".
 */
export function modelNotFound(name: string): ApiError {
  return new ApiError(
    "model_not_found",
    `The model \`${name}\` does not exist. Available models: ${MODEL_IDS.join(", ")} (aliases such as black-forest-labs/flux-schnell and fal-ai/flux/dev work too).`,
    { details: { param: "model", model: name } },
  );
}

/** The model a name resolves to, or a 404. */
export function modelOrThrow(name: string | undefined): ModelId {
  if (name === undefined) return DEFAULT_OPENAI_MODEL;
  const id = resolveModel(name);
  if (!id) throw modelNotFound(name);
  return id;
}
