"use client";

import { type Dispatch, useEffect } from "react";
import { eventsPath, fetchGeneration, isGenerationView } from "./generation-api";
import type { Action } from "./generation-state";
import { isTerminal } from "./generation-state";
import { parseProgressEvent } from "./progress-model";

const POLL_EVERY_MS = 2_000;

function parse(event: Event): unknown {
  if (!(event instanceof MessageEvent) || typeof event.data !== "string") return null;
  try {
    return JSON.parse(event.data) as unknown;
  } catch {
    return null;
  }
}

function numberField(value: unknown, key: string): number | null {
  if (typeof value !== "object" || value === null || !(key in value)) return null;
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === "number" ? field : null;
}

/**
 * Follows one running generation over Server-Sent Events until it succeeds or fails. EventSource
 * reconnects by itself after a dropped connection, and every event carries the whole state, so
 * nothing is lost. Only if the stream is refused outright (readyState CLOSED) does this fall back
 * to polling the generation.
 */
export function useGenerationEvents(id: string | null, dispatch: Dispatch<Action>): void {
  useEffect(() => {
    if (id === null) return;
    let stopped = false;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    const source = new EventSource(eventsPath(id));

    const finish = (value: unknown) => {
      if (!isGenerationView(value) || value.id !== id) return;
      source.close();
      dispatch({ type: "finished", view: value });
    };

    const poll = async () => {
      if (stopped) return;
      try {
        const { view, queuePosition } = await fetchGeneration(id);
        if (stopped) return;
        if (isTerminal(view)) return dispatch({ type: "finished", view });
        dispatch({ type: "queued", id, position: queuePosition, now: Date.now() });
      } catch (error) {
        if (stopped) return;
        const message = error instanceof Error ? error.message : "Lost track of this generation.";
        return dispatch({ type: "unavailable", id, message });
      }
      pollTimer = setTimeout(poll, POLL_EVERY_MS);
    };

    source.addEventListener("open", () =>
      dispatch({ type: "connection", id, reconnecting: false }),
    );
    source.addEventListener("queued", (e) => {
      const data = parse(e);
      dispatch({
        type: "queued",
        id,
        position: numberField(data, "queue_position"),
        now: Date.now(),
      });
    });
    source.addEventListener("progress", (e) => {
      const event = parseProgressEvent(parse(e));
      if (event) dispatch({ type: "progress", id, event, now: Date.now() });
    });
    source.addEventListener("retrying", (e) => {
      const data = parse(e);
      const reason =
        typeof data === "object" && data !== null && "reason" in data ? String(data.reason) : "";
      dispatch({ type: "retrying", id, reason });
    });
    source.addEventListener("succeeded", (e) => finish(parse(e)));
    source.addEventListener("failed", (e) => finish(parse(e)));
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) void poll();
      else dispatch({ type: "connection", id, reconnecting: true });
    });

    return () => {
      stopped = true;
      source.close();
      clearTimeout(pollTimer);
    };
  }, [id, dispatch]);
}
