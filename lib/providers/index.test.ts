import { describe, expect, it } from "vitest";
import { providersFromEnv, type ProviderEnv } from "./index";

const none: ProviderEnv = {
  falKey: undefined,
  replicateToken: undefined,
  falBaseUrl: undefined,
  replicateBaseUrl: undefined,
};
const names = (env: Partial<ProviderEnv>) =>
  providersFromEnv({ ...none, ...env }).map((p) => p.name);

describe("providersFromEnv", () => {
  it("orders Fal before Replicate and uses the local generator only without any key", () => {
    expect(names({})).toEqual(["local"]);
    expect(names({ falKey: "f" })).toEqual(["fal"]);
    expect(names({ replicateToken: "r" })).toEqual(["replicate"]);
    expect(names({ falKey: "f", replicateToken: "r" })).toEqual(["fal", "replicate"]);
  });
});
