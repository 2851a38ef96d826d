export interface Scenario {
  name: string;
  params: Record<string, string>[];
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (n: number) => Math.round(n * 100) / 100;

/** One table row: client-side and server-side API latency against the raw query, and the ratios. */
export function summarize(
  name: string,
  api: { latencies: number[]; server: number[]; rps: number; errors: number },
  raw: { latencies: number[]; rps: number },
) {
  const serverP99 = percentile(api.server, 99);
  return {
    scenario: name,
    "api p50 ms": ms(api.latencies[0]!),
    "api p99 ms": ms(api.latencies[1]!),
    "server p50 ms": ms(percentile(api.server, 50)),
    "server p99 ms": ms(serverP99),
    "raw p50 ms": ms(raw.latencies[0]!),
    "raw p99 ms": ms(raw.latencies[1]!),
    "api req/s": Math.round(api.rps),
    "raw q/s": Math.round(raw.rps),
    "p99 api/raw": ms(api.latencies[1]! / raw.latencies[1]!),
    "p99 server/raw": ms(serverP99 / raw.latencies[1]!),
    errors: api.errors,
  };
}
