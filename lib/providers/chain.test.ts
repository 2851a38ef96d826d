import { beforeEach, describe, expect, it } from "vitest";
import type { CallEvent } from "./calls";
import {
  AllProvidersDownError,
  DeadlineExceededError,
  generateWithFallback,
  resetCircuitBreakers,
} from "./chain";
import {
  CallGoneError,
  type GenerateOptions,
  type ImageProvider,
  ProviderError,
  type ProviderName,
  type ProviderResult,
} from "./types";
import { attemptDeadlineMs } from "@/lib/catalog/deadlines";
import { type GenerationRequest } from "@/lib/catalog/generation-request";
import { metricsRegistry } from "@/lib/observability/metrics";

const request: GenerationRequest = {
  prompt: "a fox",
  style: "adventurer",
  model: "flux-schnell",
  width: 512,
  height: 512,
  seed: 1,
  steps: 4,
  format: "png",
};

/** A provider that answers from a script: "ok", or an error kind, per call. */
function scripted(
  name: ProviderName,
  script: ("ok" | ProviderError["kind"])[],
): ImageProvider & { calls: number } {
  const p = {
    name,
    calls: 0,
    async generate() {
      const step = script[Math.min(p.calls++, script.length - 1)];
      if (step === "ok") {
        return {
          provider: name,
          model: request.model,
          image: { url: "http://x/1.png" },
          seed: 1,
          width: 512,
          height: 512,
          latencyMs: 1,
          costUsd: 0,
          nsfw: false,
        };
      }
      throw new ProviderError(name, step!, `${name} ${step}`, {
        retryAfterMs: step === "rate_limited" ? 1_000 : undefined,
      });
    },
  };
  return p;
}

beforeEach(resetCircuitBreakers);

describe("generateWithFallback", () => {
  it("uses the first provider when it works", async () => {
    const fal = scripted("fal", ["ok"]);
    const replicate = scripted("replicate", ["ok"]);
    expect((await generateWithFallback([fal, replicate], request)).provider).toBe("fal");
    expect(replicate.calls).toBe(0);
  });

  it.each(["retryable", "rate_limited"] as const)(
    "falls back to the next provider on %s",
    async (kind) => {
      const fal = scripted("fal", [kind]);
      const replicate = scripted("replicate", ["ok"]);
      const fallbacks: string[] = [];
      const result = await generateWithFallback([fal, replicate], request, {
        onFallback: (from) => fallbacks.push(from),
      });
      expect(result.provider).toBe("replicate");
      expect(fallbacks).toEqual(["fal"]);
    },
  );

  it("stops at a permanent failure", async () => {
    const replicate = scripted("replicate", ["ok"]);
    await expect(
      generateWithFallback([scripted("fal", ["permanent"]), replicate], request),
    ).rejects.toMatchObject({ kind: "permanent" });
    expect(replicate.calls).toBe(0);
  });

  it("falls back when a provider rejects our credentials", async () => {
    const fal = {
      name: "fal" as const,
      async generate(): Promise<never> {
        throw new ProviderError("fal", "permanent", "FAL_KEY was rejected", { status: 401 });
      },
    };
    expect(
      (await generateWithFallback([fal, scripted("replicate", ["ok"])], request)).provider,
    ).toBe("replicate");
  });

  it("reports a rate limit only when every provider was rate-limiting", async () => {
    await expect(
      generateWithFallback(
        [scripted("fal", ["rate_limited"]), scripted("replicate", ["rate_limited"])],
        request,
      ),
    ).rejects.toMatchObject({ kind: "rate_limited", retryAfterMs: 1_000 });
    // Both now wait out their Retry-After without a call; start the second case afresh.
    resetCircuitBreakers();
    await expect(
      generateWithFallback(
        [scripted("fal", ["rate_limited"]), scripted("replicate", ["retryable"])],
        request,
      ),
    ).rejects.toMatchObject({ kind: "retryable" });
  });

  it("skips a provider whose circuit opened after repeated outages", async () => {
    const fal = scripted("fal", ["retryable"]);
    const replicate = scripted("replicate", ["ok"]);
    for (let i = 0; i < 5; i++) await generateWithFallback([fal, replicate], request);
    expect(fal.calls).toBe(3);
    expect(replicate.calls).toBe(5);
  });

  it("says every provider is down, without calling any, once all their circuits are open", async () => {
    const fal = scripted("fal", ["retryable"]);
    const replicate = scripted("replicate", ["retryable"]);
    for (let i = 0; i < 3; i++) {
      const error = await generateWithFallback([fal, replicate], request).catch((e) => e);
      expect(error).not.toBeInstanceOf(AllProvidersDownError);
    }
    const error = await generateWithFallback([fal, replicate], request).catch((e) => e);
    expect(error).toBeInstanceOf(AllProvidersDownError);
    expect([fal.calls, replicate.calls]).toEqual([3, 3]);
  });
});

describe("generateWithFallback metrics", () => {
  const metric = (name: string) => metricsRegistry().getSingleMetricAsString(name);

  it("counts each call by outcome, each failover, and the circuit's state", async () => {
    metricsRegistry().resetMetrics();
    const fal = scripted("fal", ["retryable"]);
    const replicate = scripted("replicate", ["ok"]);
    await generateWithFallback([fal, replicate], request);
    await generateWithFallback([fal, replicate], request);
    await generateWithFallback([fal, replicate], request);

    const calls = await metric("likeness_provider_calls_total");
    expect(calls).toContain(
      'likeness_provider_calls_total{provider="fal",model="flux-schnell",outcome="failed"} 3',
    );
    expect(calls).toContain(
      'likeness_provider_calls_total{provider="replicate",model="flux-schnell",outcome="succeeded"} 3',
    );
    expect(await metric("likeness_provider_errors_total")).toContain(
      'likeness_provider_errors_total{provider="fal",class="failed"} 3',
    );
    expect(await metric("likeness_provider_failovers_total")).toContain(
      'likeness_provider_failovers_total{from="fal",to="replicate"} 3',
    );
    // Three outages in a row open Fal's circuit: the fourth request skips it, still a failover.
    const circuit = await metric("likeness_provider_circuit_state");
    expect(circuit).toContain('likeness_provider_circuit_state{provider="fal",state="open"} 1');
    expect(circuit).toContain('likeness_provider_circuit_state{provider="fal",state="closed"} 0');
    await generateWithFallback([fal, replicate], request);
    expect(fal.calls).toBe(3);
    expect(await metric("likeness_provider_failovers_total")).toContain(
      'likeness_provider_failovers_total{from="fal",to="replicate"} 4',
    );
  });

  it("names a content-policy refusal and a rejected request apart from an outage", async () => {
    metricsRegistry().resetMetrics();
    const refusing = scripted("fal", ["permanent"]);
    await expect(generateWithFallback([refusing], request)).rejects.toThrow();
    const flagging: ImageProvider = {
      name: "replicate",
      generate: async () => {
        throw new ProviderError("replicate", "permanent", "nsfw", { flagged: true });
      },
    };
    await expect(generateWithFallback([flagging], request)).rejects.toThrow();
    const errors = await metric("likeness_provider_errors_total");
    expect(errors).toContain('likeness_provider_errors_total{provider="fal",class="rejected"} 1');
    expect(errors).toContain(
      'likeness_provider_errors_total{provider="replicate",class="flagged"} 1',
    );
  });
});

const okResult = (provider: ProviderName, providerRequestId = "req-1"): ProviderResult => ({
  provider,
  model: request.model,
  image: { url: `http://x/${provider}.png` },
  seed: 1,
  width: 512,
  height: 512,
  latencyMs: 1,
  costUsd: 0.003,
  nsfw: false,
  providerRequestId,
});

/** A provider that can resume calls, recording what it was asked to do. */
function resumable(name: ProviderName, onResume: () => Promise<ProviderResult>) {
  const p = {
    name,
    submits: 0,
    resumed: [] as string[],
    options: [] as GenerateOptions[],
    async generate(_: GenerationRequest, options: GenerateOptions = {}) {
      p.submits++;
      p.options.push(options);
      options.onSubmitted?.(`${name}-new`);
      return okResult(name, `${name}-new`);
    },
    async resume(requestId: string) {
      p.resumed.push(requestId);
      return onResume();
    },
  };
  return p;
}

const earlierCall = (provider: ProviderName) => ({
  id: "00000000-0000-4000-8000-000000000001",
  provider,
  model: request.model,
  requestId: `${provider}-old`,
  width: 512,
  height: 512,
  submittedAt: new Date(Date.now() - 5_000),
});

describe("a call's life, resumed calls and deadlines", () => {
  it("resumes a call an earlier try left open instead of paying for a new one", async () => {
    const fal = resumable("fal", async () => okResult("fal", "fal-old"));
    const events: CallEvent[] = [];
    const result = await generateWithFallback([fal], request, {
      resumable: [earlierCall("fal")],
      onCall: (e) => events.push(e),
    });
    expect(result.providerRequestId).toBe("fal-old");
    expect([fal.submits, fal.resumed]).toEqual([0, ["fal-old"]]);
    expect(events).toMatchObject([
      { phase: "ended", id: earlierCall("fal").id, outcome: "succeeded", requestId: "fal-old" },
    ]);
  });

  it("submits anew when the provider no longer has the call, telling both calls' ends", async () => {
    const fal = resumable("fal", async () => {
      throw new CallGoneError("fal", "fal-old", "404");
    });
    const events: CallEvent[] = [];
    await generateWithFallback([fal], request, {
      resumable: [earlierCall("fal")],
      onCall: (e) => events.push(e),
    });
    expect(fal.submits).toBe(1);
    expect(
      events.map((e) => `${e.phase} ${e.requestId} ${"outcome" in e ? e.outcome : ""}`),
    ).toEqual(["ended fal-old expired", "submitted fal-new ", "ended fal-new succeeded"]);
    expect(events[2]).toMatchObject({ output: { url: "http://x/fal.png" }, costUsd: 0.003 });
  });

  it("gives each call the model's attempt deadline, within the job's", async () => {
    const fal = resumable("fal", async () => okResult("fal"));
    await generateWithFallback([fal], request, { deadlineAt: Date.now() + 60_000 });
    expect(fal.options[0]!.timeoutMs).toBe(attemptDeadlineMs("flux-schnell"));
    expect(fal.options[0]!.maxMs).toBeGreaterThan(59_000);
    await generateWithFallback([fal], request, { deadlineAt: Date.now() + 3_000 });
    expect(fal.options[1]!.timeoutMs).toBeLessThanOrEqual(3_000);
  });

  it("starts no call once the job's deadline is too close", async () => {
    const fal = resumable("fal", async () => okResult("fal"));
    const error = await generateWithFallback([fal], request, {
      deadlineAt: Date.now() + 500,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error).toMatchObject({ tried: false, busy: false });
    expect(fal.submits).toBe(0);
  });

  it("waits out a provider's Retry-After without calling it, then lets one call probe it", async () => {
    const fal = scripted("fal", ["rate_limited", "ok"]);
    await expect(generateWithFallback([fal], request)).rejects.toMatchObject({
      kind: "rate_limited",
    });
    const error = (await generateWithFallback([fal], request).catch(
      (e: unknown) => e,
    )) as ProviderError;
    expect(error).toMatchObject({ kind: "rate_limited" });
    expect(error.retryAfterMs).toBeLessThanOrEqual(1_000);
    expect(fal.calls).toBe(1);
    await new Promise((r) => setTimeout(r, 1_050));
    expect((await generateWithFallback([fal], request)).provider).toBe("fal");
    expect(fal.calls).toBe(2);
  });

  it("says when to look again once every circuit is open", async () => {
    const fal = scripted("fal", ["retryable"]);
    const replicate = scripted("replicate", ["retryable"]);
    for (let i = 0; i < 3; i++)
      await generateWithFallback([fal, replicate], request).catch(() => 0);
    const error = await generateWithFallback([fal, replicate], request).catch((e) => e);
    expect(error).toBeInstanceOf(AllProvidersDownError);
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(5_000);
  });

  it("sends a job to the next provider while the first holds every slot it may", async () => {
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const fal = {
      name: "fal" as const,
      calls: 0,
      async generate() {
        fal.calls++;
        await held;
        return okResult("fal");
      },
    };
    const replicate = scripted("replicate", ["ok"]);
    const first = generateWithFallback([fal, replicate], request, { providerSlots: 1 });
    const started = Date.now();
    const second = await generateWithFallback([fal, replicate], request, { providerSlots: 1 });
    // It waited the model's typical latency for Fal's slot, then went on.
    expect(second.provider).toBe("replicate");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(fal.calls).toBe(1);
    release();
    expect((await first).provider).toBe("fal");
  });
});
