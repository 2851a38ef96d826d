"use client";

import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { SubmitInput } from "./form-validation";
import { fetchGeneration, GenerateRequestError, submitGeneration } from "./generation-api";
import { type Phase, reducer } from "./generation-state";
import { rememberGeneration } from "./recent-generations";
import { useGenerationEvents } from "./use-generation-events";

const VARIANT_POLL_MS = 1_000;
const MAX_VARIANT_POLLS = 20;

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
  // after a poll (and once more when its small WebPs arrive, for the strip's thumbnail). A
  // generation reopened from the strip is already remembered.
  const finished =
    phase.kind === "finished" && phase.view.status === "succeeded" ? phase.view : null;
  const pending = finished?.images?.variants_pending === true;
  const finishedKey = finished ? `${finished.id}:${pending}` : null;
  const remembered = useRef<string | null>(null);
  const reopened = useRef<string | null>(null);
  useEffect(() => {
    if (!finished || finishedKey === null || remembered.current === finishedKey) return;
    remembered.current = finishedKey;
    if (reopened.current !== finished.id) rememberGeneration(finished);
  }, [finishedKey, finished]);

  // The original is shown the moment it is stored; its WebP sizes follow within a second or two.
  // Look again until they are listed (the download table grows), for a while at most.
  const variantPolls = useRef(0);
  useEffect(() => {
    if (!finished || !pending) {
      variantPolls.current = 0;
      return;
    }
    if (variantPolls.current >= MAX_VARIANT_POLLS) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      variantPolls.current++;
      fetchGeneration(finished.id, controller.signal)
        .then(({ view }) => dispatch({ type: "finished", view }))
        .catch(() => undefined);
    }, VARIANT_POLL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [finished, pending]);

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
    reopened.current = id; // already in the strip, where it stays in its place
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
