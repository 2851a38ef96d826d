import { queueEvents } from "./queues";

export type JobEvent =
  | { type: "progress"; data: unknown }
  | { type: "completed" }
  | { type: "failed"; reason: string }
  | { type: "active" }
  /** Back in the delayed set: a failed try waiting for its next one, or waiting for its owner's slot. */
  | { type: "delayed" };

type Listener = (event: JobEvent) => void;

const globalForEvents = globalThis as typeof globalThis & {
  likenessJobEvents?: { listeners: Map<string, Set<Listener>>; close(): Promise<void> };
};

/**
 * One QueueEvents (one Redis stream reader) per web process, fanned out to every SSE client by job
 * id, instead of a Redis connection per open stream.
 */
function hub() {
  if (!globalForEvents.likenessJobEvents) {
    const listeners = new Map<string, Set<Listener>>();
    const { events, close } = queueEvents("generations");
    const emit = (jobId: string, event: JobEvent) => listeners.get(jobId)?.forEach((l) => l(event));
    events.on("progress", ({ jobId, data }) => emit(jobId, { type: "progress", data }));
    events.on("active", ({ jobId }) => emit(jobId, { type: "active" }));
    events.on("delayed", ({ jobId }) => emit(jobId, { type: "delayed" }));
    events.on("completed", ({ jobId }) => emit(jobId, { type: "completed" }));
    events.on("failed", ({ jobId, failedReason }) =>
      emit(jobId, { type: "failed", reason: failedReason }),
    );
    globalForEvents.likenessJobEvents = { listeners, close };
  }
  return globalForEvents.likenessJobEvents;
}

/** Calls `listener` with every event of one job until the returned function is called. */
export function subscribeToJob(jobId: string, listener: Listener): () => void {
  const { listeners } = hub();
  const set = listeners.get(jobId) ?? new Set<Listener>();
  set.add(listener);
  listeners.set(jobId, set);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(jobId);
  };
}

/** Closes this process's QueueEvents reader (tests, scripts); the next subscription opens a new one. */
export async function closeJobEvents(): Promise<void> {
  const hub = globalForEvents.likenessJobEvents;
  globalForEvents.likenessJobEvents = undefined;
  await hub?.close();
}
