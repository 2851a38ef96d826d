import { describe, expect, it } from "vitest";
import { deadline, queueTimeCredit } from "./deadline";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("deadline", () => {
  it("times out after its budget, and says it was a timeout", async () => {
    const dl = deadline(50);
    await sleep(80);
    expect(dl.signal.aborted).toBe(true);
    expect(dl.timedOut()).toBe(true);
  });

  it("tells an abort by the caller apart from a timeout", () => {
    const caller = new AbortController();
    const dl = deadline(1_000, caller.signal);
    caller.abort();
    expect([dl.signal.aborted, dl.timedOut()]).toEqual([true, false]);
    dl.dispose();
  });

  it("moves the timeout by time spent in the provider's queue, never past its maximum", async () => {
    const dl = deadline(60, undefined, 120);
    dl.extend(40);
    await sleep(80);
    expect(dl.signal.aborted).toBe(false);
    dl.extend(1_000);
    expect(dl.budgetMs).toBe(120);
    await sleep(60);
    expect(dl.timedOut()).toBe(true);
  });

  it("credits only the polls that found the call still queued", async () => {
    const dl = deadline(1_000, undefined, 10_000);
    const credit = queueTimeCredit(dl);
    await sleep(30);
    credit(true); // queued since the submit: credited
    await sleep(30);
    credit(false); // was queued until now: credited
    await sleep(30);
    credit(false); // running: not credited
    expect(dl.budgetMs).toBeGreaterThanOrEqual(1_055);
    expect(dl.budgetMs).toBeLessThan(1_085);
    dl.dispose();
  });
});
