"use client";

import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { SubmitInput } from "./form-validation";
import { fetchGeneration, GenerateRequestError, submitGeneration } from "./generation-api";
import { type Phase, reducer } from "./generation-state";
import { rememberGeneration } from "./recent-generations";
import { useGenerationEvents } from "./use-generation-events";

export interface UseGeneration {
  phase: Phase;
  submitting: boolean;
  /** Sends a generation; resolves to the API's refusal (for the form to show), or null. */
  generate: (input: SubmitInput) => Promise<GenerateRequestError | null>;
  /** Shows an earlier generation again, by id. */
  reopen: (id: string) => void;
}

export function useGeneration(): UseGeneration {
  const [phase, dispatch] = useReducer(reducer, { kind: "idle" });
  const [submitting, setSubmitting] = useState(false);
  const inflight = useRef<AbortController | null>(null);

  useGenerationEvents(phase.kind === "running" ? phase.view.id : null, dispatch);

  // Remembered here, once per finished generation, whether it finished over SSE, from the cache or
  // after a poll. A generation reopened from the strip is already remembered.
  const finishedId =
    phase.kind === "finished" && phase.view.status === "succeeded" ? phase.view.id : null;
  const remembered = useRef<string | null>(null);
  useEffect(() => {
    if (phase.kind !== "finished" || finishedId === null || remembered.current === finishedId)
      return;
    remembered.current = finishedId;
    rememberGeneration(phase.view);
  }, [finishedId, phase]);

  const generate = useCallback(async (input: SubmitInput) => {
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    setSubmitting(true);
    // "Elapsed" counts from the click: a slow POST is part of the wait too.
    const sentAt = Date.now();
    try {
      const ticket = await submitGeneration(input, controller.signal);
      dispatch({ type: "started", ...ticket, now: sentAt });
      return null;
    } catch (error) {
      if (controller.signal.aborted) return null;
      if (error instanceof GenerateRequestError) return error;
      return new GenerateRequestError(
        "Something went wrong. Please try again.",
        "unknown",
        {},
        null,
      );
    } finally {
      if (inflight.current === controller) {
        inflight.current = null;
        setSubmitting(false);
      }
    }
  }, []);

  const reopen = useCallback((id: string) => {
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    remembered.current = id;
    dispatch({ type: "loading", id });
    fetchGeneration(id, controller.signal)
      .then(({ view, queuePosition }) =>
        // Not a new request, so not a cache answer either: "Served from cache" is for POST hits.
        dispatch({ type: "started", view, cache: "MISS", queuePosition, now: Date.now() }),
      )
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const message =
          error instanceof GenerateRequestError && error.code === "not_found"
            ? "That generation no longer exists."
            : error instanceof Error
              ? error.message
              : "That generation could not be loaded.";
        dispatch({ type: "unavailable", id, message });
      })
      .finally(() => {
        if (inflight.current === controller) inflight.current = null;
      });
  }, []);

  useEffect(() => () => inflight.current?.abort(), []);

  return { phase, submitting, generate, reopen };
}
