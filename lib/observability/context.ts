import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What a log line is about, carried through async calls without being passed around: the web
 * request (its X-Request-Id), and in a worker the job and generation it is running. A generation's
 * job records the request id that queued it, so one id follows a generation from the HTTP request
 * to the worker and its provider calls.
 */
export interface LogContext {
  requestId?: string;
  jobId?: string;
  generationId?: string;
}

/**
 * One store per process, on globalThis: Next bundles this module into several route chunks, and the
 * logger (also one per process) must read the store that withApi writes, whichever chunk made it.
 */
const globalForContext = globalThis as typeof globalThis & {
  likenessLogContext?: AsyncLocalStorage<LogContext>;
};
const storage = (globalForContext.likenessLogContext ??= new AsyncLocalStorage<LogContext>());

export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

export function logContext(): LogContext {
  return storage.getStore() ?? {};
}
