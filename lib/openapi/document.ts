import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { registerDialects } from "./dialects";
import { registerNative } from "./native";

type Document = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

let built: Document | undefined;

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with. Built once
 * per process: the schemas are static. `servers` is filled in per request by the route.
 */
export function openApiDocument(): Document {
  if (built) return built;
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description:
      "An API key (`lk_live_…`) as `Authorization: Bearer <key>`; also accepted as `?token=` or a `token` field in a JSON body.",
  });
  registerNative(registry);
  registerDialects(registry);
  built = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Likeness API",
      version: "1.0.0",
      description:
        "Avatars on demand: a native async jobs API with webhooks, an OpenAI-compatible images API, and Pollinations-style image URLs, all on one engine (one cache, quota, queue and set of providers). Human-readable docs with examples: /docs.",
    },
  });
  return built;
}
