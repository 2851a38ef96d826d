/**
 * The route a request matched, as its pattern (`/api/v1/generations/[id]/events`), for metrics
 * labels: a raw path would make a series per generation id or prompt. Next hands route handlers only
 * the decoded params, so the pattern is rebuilt from the path and them: a catch-all is always the
 * last segments (Next allows it nowhere else), and any other segment equal to a param's value is
 * that param.
 */
export function routePattern(
  pathname: string,
  params: Record<string, string | string[] | undefined> | undefined,
): string {
  const segments = pathname.split("/").filter((s) => s !== "");
  const entries = Object.entries(params ?? {});
  let tail = "";
  for (const [name, value] of entries) {
    if (!Array.isArray(value) || value.length === 0) continue;
    segments.splice(-value.length, value.length);
    tail = `/[...${name}]`;
  }
  const named = segments.map((segment) => {
    const decoded = safeDecode(segment);
    const param = entries.find(([, value]) => typeof value === "string" && value === decoded);
    return param ? `[${param[0]}]` : segment;
  });
  return `/${named.join("/")}${tail}`.replace(/^\/\//, "/") || "/";
}

/** Which API dialect a route belongs to (lib/openapi/dialects.ts describes each). */
export function dialectOf(route: string): "native" | "openai" | "pollinations" | "other" {
  if (route.startsWith("/api/v1/")) return "native";
  if (route === "/v1" || route.startsWith("/v1/")) return "openai";
  if (route.startsWith("/prompt/") || route === "/models" || route === "/feed") {
    return "pollinations";
  }
  return "other";
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
