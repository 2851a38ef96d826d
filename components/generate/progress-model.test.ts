import { describe, expect, it } from "vitest";
import {
  applyProgress,
  applyQueued,
  etaText,
  initialProgress,
  parseProgressEvent,
  secondsLeft,
  secondsUntilStart,
  stageText,
} from "./progress-model";

describe("stageText", () => {
  it.each([
    [3, "Waiting in line — 2 ahead of you"],
    [2, "Waiting in line — 1 ahead of you"],
    [1, "Waiting in line — you’re next"],
    [0, "Starting…"],
    [null, "Starting…"],
  ])("queue position %j reads %j", (position, text) => {
    expect(stageText(initialProgress(position, 0))).toBe(text);
  });

  it.each([
    ["generating", "Generating…"],
    ["storing", "Saving your avatar…"],
  ] as const)("stage %s reads %j", (stage, text) => {
    expect(stageText(applyProgress(initialProgress(4, 0), { stage, percent: 50 }, 1))).toBe(text);
  });

  it("names the provider and its queue while waiting there", () => {
    const p = applyProgress(
      initialProgress(0, 0),
      { stage: "queued", percent: 10, provider: "fal", providerQueuePosition: 2 },
      1,
    );
    expect(stageText(p)).toBe("Waiting at Fal — 2 ahead of you");
  });
});

describe("progress", () => {
  it("never moves the bar backwards", () => {
    let p = applyProgress(initialProgress(1, 0), { stage: "generating", percent: 60 }, 10);
    p = applyProgress(p, { stage: "submitted", percent: 5 }, 20);
    expect(p.percent).toBe(60);
  });

  it("goes back to waiting when a job is queued again", () => {
    const p = applyProgress(initialProgress(1, 0), { stage: "generating", percent: 60 }, 10);
    expect(applyQueued(p, 2, 20).stage).toBe("waiting");
    expect(applyQueued(p, null, 20).stage).toBe("generating");
  });

  it("stops saying 'in line' once told the job is running, even with no progress yet", () => {
    const p = applyQueued(initialProgress(1, 0), 0, 10);
    expect([p.stage, p.queuePosition, p.line]).toEqual(["submitted", 0, null]);
    expect(applyQueued(initialProgress(3, 0), 2, 10).stage).toBe("waiting");
  });

  it("rejects events of an unknown shape", () => {
    expect(parseProgressEvent({ stage: "nope", percent: 3 })).toBeNull();
    expect(parseProgressEvent({ stage: "storing", percent: 140 })).toEqual({
      stage: "storing",
      percent: 100,
      provider: undefined,
      providerQueuePosition: undefined,
    });
  });
});

describe("secondsLeft", () => {
  const start = initialProgress(0, 0);

  it("has no estimate before there is progress to extrapolate from", () => {
    expect(secondsLeft(start, 5_000)).toBeNull();
    const one = applyProgress(start, { stage: "submitted", percent: 5 }, 1_000);
    expect(secondsLeft(one, 5_000)).toBeNull();
  });

  it("extrapolates the observed rate", () => {
    let p = applyProgress(start, { stage: "submitted", percent: 10 }, 1_000);
    p = applyProgress(p, { stage: "generating", percent: 50 }, 5_000);
    // 40 % in 4 s: the remaining 50 % takes 5 s, 1 s of which has passed.
    expect(secondsLeft(p, 6_000)).toBe(4);
    expect(etaText(p, 6_000)).toBe("about 4 s left");
    expect(etaText(p, 60_000)).toBe("almost done");
  });
});

describe("secondsUntilStart", () => {
  it("waits until the line has visibly moved", () => {
    const p = applyQueued(initialProgress(40, 0), 39, 1_000);
    expect(secondsUntilStart(p, 1_500)).toBeNull();
    expect(etaText(p, 1_500)).toBeNull();
  });

  it("extrapolates how fast the line moves", () => {
    // 40 → 30 in 5 s is 2 places a second: 30 places take 15 s, 1 s of which has passed.
    const p = applyQueued(initialProgress(40, 0), 30, 5_000);
    expect(secondsUntilStart(p, 6_000)).toBe(14);
    expect(etaText(p, 6_000)).toBe("about 14 s until it starts");
  });

  it("starts measuring again when the job goes back to the end of the line", () => {
    const p = applyQueued(applyQueued(initialProgress(40, 0), 10, 5_000), 50, 6_000);
    expect(secondsUntilStart(p, 7_000)).toBeNull();
  });
});

describe("estimates after a failed attempt", () => {
  it("are withheld while retrying and measured afresh after", () => {
    let p = applyProgress(initialProgress(0, 0), { stage: "submitted", percent: 10 }, 1_000);
    p = applyProgress(p, { stage: "generating", percent: 50 }, 5_000);
    p = { ...p, retrying: "Fal timed out" };
    expect(secondsLeft(p, 6_000)).toBeNull();
    p = applyProgress(p, { stage: "generating", percent: 60 }, 20_000);
    expect(p.baseline).toEqual({ at: 20_000, percent: 60 });
    expect(secondsLeft(p, 20_000)).toBeNull();
  });
});
