import { describe, expect, it } from "vitest";
import { fetchWithout429Retries, submitStatus } from "./submit-429";

const answering = (status: number) => async () =>
  new Response("{}", { status, headers: { "retry-after": "3" } });

describe("fetchWithout429Retries", () => {
  it("hands a submit's 429 to the client under a status it does not retry, and back", async () => {
    const response = await fetchWithout429Retries(answering(429))("http://x", { method: "POST" });
    expect(response.status).not.toBe(429);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(submitStatus(response.status)).toBe(429);
  });

  it.each([
    ["GET", 429],
    ["POST", 503],
    ["POST", 200],
  ])("leaves a %s answering %i as it is", async (method, status) => {
    const response = await fetchWithout429Retries(answering(status))("http://x", { method });
    expect(response.status).toBe(status);
    expect(submitStatus(response.status)).toBe(status);
  });
});
