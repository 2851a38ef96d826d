/**
 * The copy-paste examples /docs shows, one list for the page and for e2e/docs-examples.spec.ts, which
 * runs every one of them against the app: an example here cannot silently stop working.
 * `{{BASE_URL}}` becomes the app's origin and `{{API_KEY}}` the reader's key (a real one in the test).
 */
export type Dialect = "native" | "openai" | "pollinations" | "gallery";
export type ExampleLanguage = "bash" | "js" | "html";

export interface DocExample {
  id: string;
  dialect: Dialect;
  title: string;
  language: ExampleLanguage;
  code: string;
}

const native: DocExample[] = [
  {
    id: "native-curl",
    dialect: "native",
    title: "Request an avatar with curl",
    language: "bash",
    code: `curl -s -X POST {{BASE_URL}}/api/v1/generations \\
  -H "Authorization: Bearer {{API_KEY}}" \\
  -H "Content-Type: application/json" \\
  -d '{"prompt": "a fox in a knitted hat", "style": "adventurer", "seed": 7}'`,
  },
  {
    id: "native-fetch",
    dialect: "native",
    title: "Request one and wait for it with fetch (Node 18+, or a browser)",
    language: "js",
    code: `const base = "{{BASE_URL}}";
const headers = { Authorization: "Bearer {{API_KEY}}", "Content-Type": "application/json" };

const created = await fetch(\`\${base}/api/v1/generations\`, {
  method: "POST",
  headers,
  body: JSON.stringify({ prompt: "a robot gardener", style: "bottts", width: 512, height: 512 }),
}).then((r) => r.json());

// 200 on a cache hit (done already), 202 while queued: poll until it ends, or follow events_url (SSE).
let generation = created;
while (generation.status === "queued" || generation.status === "running") {
  await new Promise((resolve) => setTimeout(resolve, 500));
  generation = await fetch(\`\${base}/api/v1/generations/\${created.id}\`, { headers }).then((r) => r.json());
}
console.log(generation.status, generation.images?.png ?? generation.error?.message);`,
  },
  {
    id: "native-public",
    dialect: "native",
    title: "Share one in the public feed (what a key makes is private unless it says so)",
    language: "bash",
    code: `curl -s -X POST {{BASE_URL}}/api/v1/generations \
  -H "Authorization: Bearer {{API_KEY}}" \
  -H "Content-Type: application/json" \
  -d '{"prompt": "a lighthouse keeper with a lantern", "private": false}'`,
  },
];

const openai: DocExample[] = [
  {
    id: "openai-sdk-url",
    dialect: "openai",
    title: "The official openai SDK (npm install openai)",
    language: "js",
    code: `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "{{BASE_URL}}/v1", apiKey: "{{API_KEY}}" });

const result = await client.images.generate({
  model: "flux-schnell",
  prompt: "a cheerful astronaut avatar",
  size: "512x512",
});
console.log(result.data[0].url);`,
  },
  {
    id: "openai-sdk-b64",
    dialect: "openai",
    title: "Two different avatars as base64, saved to files",
    language: "js",
    code: `import { writeFile } from "node:fs/promises";
import OpenAI from "openai";

const client = new OpenAI({ baseURL: "{{BASE_URL}}/v1", apiKey: "{{API_KEY}}" });

const result = await client.images.generate({
  prompt: "a wizard cat with a tall hat",
  n: 2,
  size: "256x256",
  response_format: "b64_json",
});
for (const [i, image] of result.data.entries()) {
  await writeFile(\`avatar-\${i}.png\`, Buffer.from(image.b64_json, "base64"));
}
console.log(\`saved \${result.data.length} avatars\`);`,
  },
  {
    id: "openai-curl",
    dialect: "openai",
    title: "The same endpoint with curl",
    language: "bash",
    code: `curl -s {{BASE_URL}}/v1/images/generations \\
  -H "Authorization: Bearer {{API_KEY}}" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "flux-schnell", "prompt": "a pirate parrot", "size": "512x512"}'`,
  },
  {
    id: "openai-models",
    dialect: "openai",
    title: "List the models",
    language: "bash",
    code: `curl -s {{BASE_URL}}/v1/models -H "Authorization: Bearer {{API_KEY}}"`,
  },
];

const pollinations: DocExample[] = [
  {
    id: "pollinations-curl",
    dialect: "pollinations",
    title: "Download an avatar straight from its URL",
    language: "bash",
    code: `curl -s -o avatar.png "{{BASE_URL}}/prompt/a%20fox%20in%20a%20knitted%20hat?width=512&height=512&seed=42&nologo=true"`,
  },
  {
    id: "pollinations-img",
    dialect: "pollinations",
    title: "Put one in a page",
    language: "html",
    code: `<img
  src="{{BASE_URL}}/prompt/portrait%20of%20a%20smiling%20robot?width=256&height=256&seed=42"
  alt="A smiling robot avatar"
  width="256"
  height="256"
/>`,
  },
  {
    id: "pollinations-models",
    dialect: "pollinations",
    title: "The models a URL can name",
    language: "bash",
    code: `curl -s {{BASE_URL}}/models`,
  },
  {
    id: "pollinations-feed",
    dialect: "pollinations",
    title: "Read the live feed of public avatars (Server-Sent Events)",
    language: "js",
    code: `const response = await fetch("{{BASE_URL}}/feed", { headers: { Accept: "text/event-stream" } });
const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();

// The stream starts with the last 20 public avatars, then sends each new one as it is made.
let buffer = "";
while (!/^data: /m.test(buffer)) buffer += (await reader.read()).value;
const line = buffer.split("\\n").find((l) => l.startsWith("data: "));
const { prompt, imageURL } = JSON.parse(line.slice(6));
console.log(prompt, imageURL);
await reader.cancel();`,
  },
];

const gallery: DocExample[] = [
  {
    id: "gallery-similar",
    dialect: "gallery",
    title: "Ready-made avatars like a prompt, before spending a generation",
    language: "bash",
    code: `curl -s "{{BASE_URL}}/api/v1/gallery/similar?prompt=smiling%20person%20with%20glasses&style=lorelei&limit=3"`,
  },
];

export const DOC_EXAMPLES: readonly DocExample[] = [
  ...native,
  ...openai,
  ...pollinations,
  ...gallery,
];

/** An example's code for a reader at `baseUrl`, with their key or a placeholder. */
export function renderExample(example: DocExample, baseUrl: string, apiKey: string): string {
  return example.code.replaceAll("{{BASE_URL}}", baseUrl).replaceAll("{{API_KEY}}", apiKey);
}
