import { beforeEach, describe, expect, it } from "vitest";
import { AllProvidersDownError, generateWithFallback, resetCircuitBreakers } from "./chain";
import { type ImageProvider, ProviderError, type ProviderName } from "./types";
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
