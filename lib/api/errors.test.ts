import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ERROR_CODES } from "./error-codes";
import { ApiError, errorBody, toApiError } from "./errors";

describe("errors", () => {
  it("maps every code to a 4xx or 5xx status", () => {
    for (const status of Object.values(ERROR_CODES)) expect(status).toBeGreaterThanOrEqual(400);
  });

  it("renders the documented shape, with an absolute doc_url", () => {
    const body = errorBody(
      new ApiError("not_found", "No such avatar."),
      "req-1",
      "https://likeness.example.com",
    );
    expect(body).toEqual({
      error: {
        code: "not_found",
        message: "No such avatar.",
        doc_url: "https://likeness.example.com/docs/errors#not_found",
        request_id: "req-1",
      },
    });
  });

  it("turns zod errors into 422 naming the field", () => {
    const result = z.object({ limit: z.number() }).safeParse({ limit: "x" });
    const error = toApiError(result.error);
    expect(error.status).toBe(422);
    expect(error.message).toContain("limit");
  });

  it("hides unknown errors behind a 500", () => {
    const error = toApiError(new Error("password=hunter2"));
    expect(error.status).toBe(500);
    expect(error.message).not.toContain("hunter2");
  });
});
