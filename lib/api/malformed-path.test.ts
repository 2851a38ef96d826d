import { describe, expect, it } from "vitest";
import { malformedPathError } from "./malformed-path";

describe("malformedPathError", () => {
  it.each([
    "/prompt/%ZZ",
    "/i/%c0%ae",
    "/api/v1/generations/%",
    "/prompt/100%",
    "/gallery/%E0%A4%A",
  ])("refuses %s as a 400 bad_request", (path) => {
    const error = malformedPathError(path);
    expect(error?.code).toBe("bad_request");
    expect(error?.status).toBe(400);
  });

  it.each(["/prompt/a%20red%20fox", "/i/avatars/ab/cd.png", "/prompt/%F0%9F%A6%8A", "/"])(
    "lets %s through",
    (path) => expect(malformedPathError(path)).toBeNull(),
  );
});
