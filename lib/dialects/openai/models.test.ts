import { describe, expect, it } from "vitest";
import { listModels, modelOrThrow, resolveModel } from "./models";

describe("model names", () => {
  it.each([
    ["flux-schnell", "flux-schnell"],
    ["flux-dev", "flux-dev"],
    ["black-forest-labs/flux-schnell", "flux-schnell"],
    ["fal-ai/flux/schnell", "flux-schnell"],
    ["fal-ai/flux/dev", "flux-dev"],
    ["black-forest-labs/FLUX.1-dev", "flux-dev"],
    [" FLUX-SCHNELL ", "flux-schnell"],
  ])("%j is %s", (name, id) => {
    expect(resolveModel(name)).toBe(id);
  });

  it.each(["dall-e-3", "gpt-image-1", "flux-pro", "fal-ai/flux", ""])(
    "%j is none of ours: a 404 model_not_found naming the param",
    (name) => {
      expect(resolveModel(name)).toBeUndefined();
      expect(() => modelOrThrow(name)).toThrow(
        expect.objectContaining({
          code: "model_not_found",
          status: 404,
          details: expect.objectContaining({ param: "model" }),
        }),
      );
    },
  );

  it("defaults to flux-schnell", () => {
    expect(modelOrThrow(undefined)).toBe("flux-schnell");
  });

  it("lists only our ids, in OpenAI's list shape", () => {
    const list = listModels();
    expect(list.object).toBe("list");
    expect(list.data.map((m) => m.id)).toEqual(["flux-schnell", "flux-dev"]);
    for (const model of list.data) {
      expect(model).toEqual({
        id: model.id,
        object: "model",
        created: expect.any(Number),
        owned_by: "black-forest-labs",
      });
    }
  });
});
