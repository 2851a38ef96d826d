import type { Env } from "@/lib/env";
import { createFalProvider } from "./fal";
import { createLocalProvider } from "./local";
import { createReplicateProvider } from "./replicate";
import type { ImageProvider } from "./types";

export type ProviderEnv = Pick<
  Env,
  "falKey" | "replicateToken" | "falBaseUrl" | "replicateBaseUrl"
>;

/**
 * The provider chain in the order the worker tries it: Fal first (fastest, cheapest per image),
 * Replicate as the fallback. The local generator only stands in when no cloud key is set at all:
 * silently swapping a FLUX image for a DiceBear one when the cloud is down would be a worse answer
 * than a retry.
 */
export function providersFromEnv(
  env: ProviderEnv,
  options: { timeoutMs?: number; pollIntervalMs?: number } = {},
): ImageProvider[] {
  const chain: ImageProvider[] = [];
  if (env.falKey !== undefined) {
    chain.push(createFalProvider({ key: env.falKey, baseUrl: env.falBaseUrl, ...options }));
  }
  if (env.replicateToken !== undefined) {
    chain.push(
      createReplicateProvider({
        token: env.replicateToken,
        baseUrl: env.replicateBaseUrl,
        ...options,
      }),
    );
  }
  if (chain.length === 0) chain.push(createLocalProvider());
  return chain;
}

let builtIn: ImageProvider | undefined;

/**
 * The chain a job pinned to the built-in generator uses (a spent budget): the chain's own local
 * provider when it has one, else one made once per process.
 */
export function builtInOnly(chain: readonly ImageProvider[]): readonly ImageProvider[] {
  const local = chain.find((p) => p.name === "local") ?? (builtIn ??= createLocalProvider());
  return [local];
}

export { createFalProvider } from "./fal";
export { createLocalProvider } from "./local";
export { createReplicateProvider } from "./replicate";
export { ProviderError } from "./types";
export type { ImageProvider, ProviderResult } from "./types";
