import type { GenerationView } from "@/lib/generations/present";
import type { CacheStatus } from "./generation-api";
import {
  applyProgress,
  applyQueued,
  initialProgress,
  type Progress,
  type ProgressEvent,
} from "./progress-model";

/** What the output panel shows. A refused request is not a phase: the form reports it. */
export type Phase =
  | { kind: "idle" }
  | { kind: "loading"; id: string }
  | { kind: "running"; view: GenerationView; cache: CacheStatus; progress: Progress }
  | { kind: "finished"; view: GenerationView; cache: CacheStatus }
  | { kind: "unavailable"; message: string };

/** Every event names its generation: one that arrives after the user moved on is dropped. */
export type Action =
  | { type: "loading"; id: string }
  | {
      type: "started";
      view: GenerationView;
      cache: CacheStatus;
      queuePosition: number | null;
      now: number;
    }
  | { type: "queued"; id: string; position: number | null; now: number }
  | { type: "progress"; id: string; event: ProgressEvent; now: number }
  | { type: "retrying"; id: string; reason: string }
  | { type: "connection"; id: string; reconnecting: boolean }
  | { type: "finished"; view: GenerationView }
  | { type: "unavailable"; id: string; message: string };

export function isTerminal(view: GenerationView): boolean {
  return view.status === "succeeded" || view.status === "failed";
}

function phaseId(phase: Phase): string | null {
  if (phase.kind === "loading") return phase.id;
  if (phase.kind === "running" || phase.kind === "finished") return phase.view.id;
  return null;
}

function updateRunning(phase: Phase, id: string, update: (p: Progress) => Progress): Phase {
  if (phase.kind !== "running" || phase.view.id !== id) return phase;
  return { ...phase, progress: update(phase.progress) };
}

export function reducer(phase: Phase, action: Action): Phase {
  switch (action.type) {
    case "loading":
      return { kind: "loading", id: action.id };
    case "started":
      return isTerminal(action.view)
        ? { kind: "finished", view: action.view, cache: action.cache }
        : {
            kind: "running",
            view: action.view,
            cache: action.cache,
            progress: initialProgress(action.queuePosition, action.now),
          };
    case "queued":
      return updateRunning(phase, action.id, (p) => applyQueued(p, action.position, action.now));
    case "progress":
      return updateRunning(phase, action.id, (p) => applyProgress(p, action.event, action.now));
    case "retrying":
      return updateRunning(phase, action.id, (p) => ({ ...p, retrying: action.reason }));
    case "connection":
      return updateRunning(phase, action.id, (p) => ({ ...p, reconnecting: action.reconnecting }));
    case "finished":
      if (phaseId(phase) !== action.view.id) return phase;
      return {
        kind: "finished",
        view: action.view,
        cache: phase.kind === "running" || phase.kind === "finished" ? phase.cache : "MISS",
      };
    case "unavailable":
      return phaseId(phase) === action.id
        ? { kind: "unavailable", message: action.message }
        : phase;
  }
}
