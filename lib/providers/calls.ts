import { randomUUID } from "node:crypto";
import type { GenerationRequest } from "@/lib/catalog/generation-request";
import type { ModelId } from "@/lib/catalog/models";
import {
  CallGoneError,
  type GenerateOptions,
  type ImageProvider,
  ProviderError,
  type ProviderName,
  type ProviderResult,
} from "./types";

/**
 * The life of one provider call, told to whoever records it (the worker writes provider_calls;
 * metrics can listen too): `submitted` once the provider gave it an id, `ended` however it ended.
 * Calls are our own shapes, never a vendor's.
 */
export type CallOutcome =
  | "succeeded"
  | "failed"
  | "timeout"
  | "rate_limited"
  | "rejected"
  | "flagged"
  | "expired"
  | "cancelled";

export interface ProviderCall {
  /** Chosen before the call, so recording it twice is harmless. */
  id: string;
  provider: ProviderName;
  model: ModelId;
  /** The provider's own id (Fal request_id, Replicate prediction id), once it gave one. */
  requestId?: string;
  width: number;
  height: number;
  submittedAt: Date;
}

/** What a succeeded call made, kept so the image can be fetched again without a new call. */
export interface CallOutput {
  url: string;
  seed: number;
  width: number;
  height: number;
}

export type CallEvent =
  | (ProviderCall & { phase: "submitted"; requestId: string })
  | (ProviderCall & {
      phase: "ended";
      endedAt: Date;
      outcome: CallOutcome;
      error?: string;
      latencyMs: number;
      costUsd?: number;
      output?: CallOutput;
    });

/** A call an earlier try submitted and nobody saw end: it is resumed rather than paid for again. */
export type ResumableCall = ProviderCall & { requestId: string };

export function outcomeOf(error: unknown, signal?: AbortSignal): CallOutcome {
  if (signal?.aborted) return "cancelled";
  if (error instanceof CallGoneError) return "expired";
  if (!(error instanceof ProviderError)) return "failed";
  if (error.timedOut) return "timeout";
  if (error.kind === "rate_limited") return "rate_limited";
  if (error.flagged) return "flagged";
  return error.kind === "permanent" ? "rejected" : "failed";
}

/**
 * Runs one call (a new submit, or `resuming` an earlier one) and tells `onCall` its life. A submit
 * refused outright (a 429, a 5xx) ends without ever having been submitted: it is still a call, told
 * as ended with no provider id.
 */
export async function trackedCall(
  provider: ImageProvider,
  request: GenerationRequest,
  options: GenerateOptions & { onCall?: (event: CallEvent) => void; resuming?: ResumableCall },
): Promise<ProviderResult> {
  const { onCall, resuming, ...generateOptions } = options;
  const call: ProviderCall = resuming ?? {
    id: randomUUID(),
    provider: provider.name,
    model: request.model,
    width: request.width,
    height: request.height,
    submittedAt: new Date(),
  };
  const tell = (event: CallEvent) => {
    try {
      onCall?.(event);
    } catch {
      // A listener that throws must not fail a paid call.
    }
  };
  const ended = (outcome: CallOutcome, extra: Partial<CallEvent & { phase: "ended" }> = {}) =>
    tell({
      ...call,
      ...extra,
      phase: "ended",
      outcome,
      endedAt: new Date(),
      latencyMs: Date.now() - call.submittedAt.getTime(),
    });
  try {
    const onSubmitted = (requestId: string) => {
      call.requestId = requestId;
      tell({ ...call, phase: "submitted", requestId });
    };
    const result =
      resuming && provider.resume
        ? await provider.resume(resuming.requestId, request, generateOptions)
        : await provider.generate(request, { ...generateOptions, onSubmitted });
    ended("succeeded", {
      requestId: result.providerRequestId ?? call.requestId,
      costUsd: result.costUsd,
      ...("url" in result.image
        ? {
            output: {
              url: result.image.url,
              seed: result.seed,
              width: result.width,
              height: result.height,
            },
          }
        : {}),
    });
    return result;
  } catch (error) {
    ended(outcomeOf(error, options.signal), {
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}

/**
 * The result of a call that already succeeded, from what was recorded of it: its image is downloaded
 * again (from the provider's endpoint, past the SSRF rules like any of its output), with no new call.
 */
export function recordedResult(
  provider: ImageProvider,
  call: ProviderCall & { output: CallOutput; costUsd?: number },
): ProviderResult {
  return {
    provider: provider.name,
    model: call.model,
    image: { url: call.output.url, endpointHost: provider.endpointHost },
    seed: call.output.seed,
    width: call.output.width,
    height: call.output.height,
    latencyMs: 0,
    costUsd: call.costUsd ?? 0,
    nsfw: false,
    providerRequestId: call.requestId,
  };
}
