import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { AllProvidersDownError, DeadlineExceededError } from "@/lib/providers/chain";
import { ProviderError } from "@/lib/providers/types";
import { DelayedError, UnrecoverableError } from "@/lib/queue/errors";
import { type FailureContext, jobFailure } from "./failure";

/** A job as jobFailure sees it, recording what it was asked to do. */
function fakeJob(data: Record<string, unknown> = {}, attemptsMade = 0, attempts = 3) {
  const seen = { delayedUntil: 0, data: { ...data }, ended: [] as string[] };
  const ctx: FailureContext = {
    job: {
      attemptsMade,
      opts: { attempts },
      data: seen.data as FailureContext["job"]["data"],
      moveToDelayed: async (until: number) => void (seen.delayedUntil = until),
      updateData: async (next: unknown) => void Object.assign(seen.data, next),
    } as FailureContext["job"],
    token: "t",
    deadlineAt: Date.now() + 20_000,
    end: async (code) => void seen.ended.push(code),
  };
  return { ctx, seen };
}

const rateLimited = (ms: number) =>
  new ProviderError("replicate", "rate_limited", "429", { retryAfterMs: ms });

describe("jobFailure", () => {
  it("waits out a database or storage outage without using a try, backing off", async () => {
    const { ctx, seen } = fakeJob({ serviceWaits: 2 });
    const error = await jobFailure(new ApiError("service_unavailable", "down"), ctx);
    expect(error).toBeInstanceOf(DelayedError);
    expect(seen.data.serviceWaits).toBe(3);
    expect(seen.delayedUntil - Date.now()).toBeGreaterThan(3_500);
    expect(seen.ended).toEqual([]);
  });

  it("honours Retry-After while the deadline allows another call after it", async () => {
    const { ctx, seen } = fakeJob();
    expect(await jobFailure(rateLimited(2_000), ctx)).toBeInstanceOf(DelayedError);
    expect(seen.delayedUntil - Date.now()).toBeGreaterThanOrEqual(1_900);
    expect(seen.data.waitingFor).toBe("rate_limit");
  });

  it("ends the job as providers_busy, refunded, when Retry-After would pass its deadline", async () => {
    const { ctx, seen } = fakeJob();
    const error = await jobFailure(rateLimited(30_000), ctx);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect(error.message).toMatch(/^providers_busy: /);
    expect(seen.ended).toEqual(["providers_busy"]);
  });

  it("waits for a probe when every circuit is open, rather than failing at once", async () => {
    const { ctx, seen } = fakeJob();
    const error = await jobFailure(new AllProvidersDownError(["fal", "replicate"], 3_000), ctx);
    expect(error).toBeInstanceOf(DelayedError);
    expect(seen.data.waitingFor).toBe("providers");
    expect(seen.ended).toEqual([]);
  });

  it("does not wait for the circuits on a last try whose own earlier tries failed", async () => {
    const { ctx, seen } = fakeJob({}, 2, 3);
    const error = await jobFailure(new AllProvidersDownError(["fal", "replicate"], 3_000), ctx);
    expect(error.message).toMatch(/^providers_unavailable: /);
    expect(seen.ended).toEqual(["providers_unavailable"]);
  });

  it.each([
    [{}, [new ProviderError("fal", "rate_limited", "429")], "providers_busy"],
    [{}, [new ProviderError("fal", "retryable", "timeout")], "providers_unavailable"],
    [{ waitingFor: "rate_limit" }, [], "providers_busy"],
    [{ waitingFor: "providers" }, [], "providers_unavailable"],
    [{}, [], "generation_failed"],
  ])("names a deadline that passed (job %j, errors %j) %s", async (data, errors, code) => {
    const { ctx, seen } = fakeJob(data);
    const error = await jobFailure(new DeadlineExceededError(errors), ctx);
    expect(error.message).toMatch(new RegExp(`^${code}: `));
    expect(seen.ended).toEqual([code]);
  });

  it("retries an outage with backoff, and ends it on the last try or when the deadline is near", async () => {
    const outage = new ProviderError("fal", "retryable", "503");
    const early = fakeJob({}, 0, 3);
    expect(await jobFailure(outage, early.ctx)).toBe(outage);
    expect(early.seen.ended).toEqual([]);
    const last = fakeJob({}, 2, 3);
    expect((await jobFailure(outage, last.ctx)).message).toMatch(/^providers_unavailable: /);
    const late = fakeJob({}, 0, 3);
    late.ctx.deadlineAt = Date.now() + 500;
    expect(await jobFailure(outage, late.ctx)).toBeInstanceOf(UnrecoverableError);
  });
});
