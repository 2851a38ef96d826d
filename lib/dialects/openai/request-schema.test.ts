import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { parseImageRequest } from "./request-schema";

function refusal(body: unknown): { param: unknown; code: unknown; message: string } {
  try {
    parseImageRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.code).toBe("invalid_parameters");
    const details = e.details as { param: unknown; openai_code: unknown };
    return { param: details.param, code: details.openai_code, message: e.message };
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
}

describe("parseImageRequest", () => {
  it("applies OpenAI's defaults and ours", () => {
    expect(parseImageRequest({ prompt: "  a fox  " })).toEqual({
      prompt: "a fox",
      n: 1,
      size: { width: 1024, height: 1024 },
      response_format: "url",
      style: "adventurer",
      // Left to the caller: an API key's requests are private unless they say otherwise.
      private: undefined,
    });
  });

  it("reads null as not set, as OpenAI's SDKs send it", () => {
    const parsed = parseImageRequest({ prompt: "a fox", n: null, size: null, model: null });
    expect(parsed).toMatchObject({ n: 1, size: { width: 1024, height: 1024 } });
    expect(parsed.model).toBeUndefined();
  });

  it("takes every value it honours", () => {
    expect(
      parseImageRequest({
        prompt: "a fox",
        model: "flux-dev",
        n: 4,
        size: "512x768",
        response_format: "b64_json",
        user: "user-1",
        safety_identifier: "h4sh",
        quality: "standard",
        style: "bottts",
        output_format: "png",
        background: "auto",
        moderation: "auto",
        stream: false,
        seed: 42,
        private: true,
      }),
    ).toMatchObject({ n: 4, size: { width: 512, height: 768 }, style: "bottts", seed: 42 });
  });

  it.each([
    [{}, "prompt", "missing_required_parameter"],
    [{ prompt: "" }, "prompt", "invalid_value"],
    [{ prompt: "x".repeat(1001) }, "prompt", "invalid_value"],
    [{ prompt: 7 }, "prompt", "invalid_value"],
    [{ prompt: "x", n: 0 }, "n", "invalid_value"],
    [{ prompt: "x", n: 5 }, "n", "invalid_value"],
    [{ prompt: "x", n: 1.5 }, "n", "invalid_value"],
    [{ prompt: "x", n: "2" }, "n", "invalid_value"],
    [{ prompt: "x", size: "1024" }, "size", "invalid_value"],
    [{ prompt: "x", size: "1004x1004" }, "size", "invalid_value"],
    [{ prompt: "x", size: "4096x4096" }, "size", "invalid_value"],
    [{ prompt: "x", response_format: "png" }, "response_format", "invalid_value"],
    [{ prompt: "x", quality: "hd" }, "quality", "invalid_value"],
    [{ prompt: "x", style: "vivid" }, "style", "invalid_value"],
    [{ prompt: "x", output_format: "webp" }, "output_format", "invalid_value"],
    [{ prompt: "x", background: "transparent" }, "background", "invalid_value"],
    [{ prompt: "x", moderation: "low" }, "moderation", "invalid_value"],
    [{ prompt: "x", stream: true }, "stream", "invalid_value"],
    [{ prompt: "x", partial_images: 2 }, "partial_images", "invalid_value"],
    [{ prompt: "x", output_compression: 80 }, "output_compression", "invalid_value"],
    [{ prompt: "x", seed: -2 }, "seed", "invalid_value"],
    [{ prompt: "x", private: "yes" }, "private", "invalid_value"],
    [{ prompt: "x", token: "lk_live_x" }, "token", "unknown_parameter"],
    [{ prompt: "x", negative_prompt: "y" }, "negative_prompt", "unknown_parameter"],
    [[], null, "invalid_value"],
    ["a fox", null, "invalid_value"],
  ])("refuses %j: param %s, code %s", (body, param, code) => {
    const r = refusal(body);
    expect(r.param).toBe(param);
    expect(r.code).toBe(code);
    if (param) expect(r.message).toContain(param);
  });

  it("says why an OpenAI value has no meaning here", () => {
    expect(refusal({ prompt: "x", style: "natural" }).message).toContain(
      "vivid and natural do not apply",
    );
    expect(refusal({ prompt: "x", size: "1004x1004" }).message).toContain("multiple of 8");
  });
});
