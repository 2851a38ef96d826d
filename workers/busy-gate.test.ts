import { describe, expect, it } from "vitest";
import { BusyGate } from "./busy-gate";

describe("BusyGate", () => {
  it("lets background work through at once while nothing runs", async () => {
    const gate = new BusyGate();
    const started = Date.now();
    await gate.idle(1_000, 5);
    expect(Date.now() - started).toBeLessThan(50);
  });

  it("holds it until the last running generation leaves", async () => {
    const gate = new BusyGate();
    gate.enter();
    gate.enter();
    let through = false;
    const waiting = gate.idle(1_000, 5).then(() => (through = true));
    gate.leave();
    await new Promise((r) => setTimeout(r, 30));
    expect(through).toBe(false);
    gate.leave();
    await waiting;
    expect(through).toBe(true);
  });

  it("never holds it longer than the maximum wait", async () => {
    const gate = new BusyGate();
    gate.enter();
    const started = Date.now();
    await gate.idle(60, 5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(gate.busy).toBe(true);
  });
});
