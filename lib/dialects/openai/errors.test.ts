import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import type { ErrorCode } from "@/lib/api/error-codes";
import { toOpenAiError } from "./errors";

describe("toOpenAiError", () => {
  // The status decides the SDK's exception class; the type and code are what clients branch on.
  it.each<[ErrorCode, number, string, string, string | null]>([
    ["bad_request", 400, "invalid_request_error", "invalid_json", null],
    ["invalid_parameters", 400, "invalid_request_error", "invalid_value", null],
    ["unauthorized", 401, "invalid_request_error", "invalid_api_key", null],
    ["key_invalid", 401, "invalid_request_error", "invalid_api_key", null],
    ["key_revoked", 401, "invalid_request_error", "key_revoked", null],
    ["key_expired", 401, "invalid_request_error", "key_expired", null],
    ["model_not_allowed", 403, "invalid_request_error", "model_not_allowed", "model"],
    ["size_not_allowed", 403, "invalid_request_error", "size_not_allowed", "size"],
    ["model_not_found", 404, "invalid_request_error", "model_not_found", "model"],
    ["not_found", 404, "invalid_request_error", "not_found", null],
    ["payload_too_large", 413, "invalid_request_error", "payload_too_large", null],
    ["content_flagged", 400, "invalid_request_error", "content_policy_violation", "prompt"],
    ["provider_rejected", 400, "invalid_request_error", "provider_rejected", "prompt"],
    ["rate_limited", 429, "requests", "rate_limit_exceeded", null],
    ["quota_exceeded", 429, "insufficient_quota", "insufficient_quota", null],
    ["internal_error", 500, "server_error", "internal_error", null],
    ["generation_failed", 502, "server_error", "generation_failed", null],
    ["service_unavailable", 503, "server_error", "service_unavailable", null],
    ["providers_unavailable", 503, "server_error", "providers_unavailable", null],
    ["generation_timeout", 504, "server_error", "timeout", null],
  ])("%s → %i %s/%s, param %s", (code, status, type, openaiCode, param) => {
    const mapped = toOpenAiError(new ApiError(code, "what happened"));
    expect(mapped.status).toBe(status);
    expect(mapped.body).toEqual({
      error: { message: "what happened", type, code: openaiCode, param },
    });
  });

  it("takes param and code from the error's details when it names them", () => {
    const error = new ApiError("invalid_parameters", "Invalid 'size'.", {
      details: { param: "size", openai_code: "invalid_value" },
    });
    expect(toOpenAiError(error).body.error).toMatchObject({ param: "size", code: "invalid_value" });
  });

  it("tells the SDKs not to retry what a retry cannot fix, and lets them retry the rest", () => {
    const retry = (code: ErrorCode) => toOpenAiError(new ApiError(code, "x")).headers;
    expect(retry("quota_exceeded")).toEqual({ "X-Should-Retry": "false" });
    expect(retry("generation_timeout")).toEqual({ "X-Should-Retry": "false" });
    expect(retry("rate_limited")).toEqual({});
    expect(retry("providers_unavailable")).toEqual({});
  });
});
