import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { CodeBlock } from "@/components/docs/code-block";
import { DocsSection } from "@/components/docs/docs-section";
import { type Dialect, DOC_EXAMPLES, renderExample } from "@/lib/docs/examples";
import { pageOrigin } from "@/lib/docs/origin";

export const metadata: Metadata = { title: "API docs" };

const KEY_PLACEHOLDER = "YOUR_API_KEY";

function Examples({ dialect, origin }: { dialect: Dialect; origin: string }) {
  return (
    <div className="mt-5 grid gap-4">
      {DOC_EXAMPLES.filter((e) => e.dialect === dialect).map((e) => (
        <CodeBlock
          key={e.id}
          id={e.id}
          title={e.title}
          code={renderExample(e, origin, KEY_PLACEHOLDER)}
        />
      ))}
    </div>
  );
}

function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-surface-2 px-1 py-0.5 font-mono text-[13px]">{children}</code>;
}

// /docs: how to call Likeness from code, in each of its three dialects; every example is run by the tests.
export default async function ApiDocs() {
  const origin = await pageOrigin();
  return (
    <div className="mx-auto max-w-3xl px-4 py-12 sm:px-6" data-testid="docs">
      <h1 className="text-3xl font-semibold tracking-tight">API docs</h1>
      <p className="mt-3 text-muted">
        Likeness speaks three dialects on one engine: whichever you use, a request goes through the
        same cache (an identical request is never generated twice, and a cache hit is free), the
        same daily quota, queue and image providers. Pick the one your tools already speak.
      </p>
      <ul className="mt-4 grid gap-1 text-sm">
        <li>
          <a className="text-accent hover:underline" href="#native">
            Native jobs API
          </a>
          : asynchronous, with live progress and signed webhooks.
        </li>
        <li>
          <a className="text-accent hover:underline" href="#openai">
            OpenAI-compatible images API
          </a>
          : point the official SDKs at Likeness.
        </li>
        <li>
          <a className="text-accent hover:underline" href="#pollinations">
            Pollinations-style URLs
          </a>
          : an image is a URL; plus the live feed.
        </li>
        <li>
          <a className="text-accent hover:underline" href="#gallery">
            Gallery API
          </a>
          : the ready-made avatars, free, and the ones like a prompt.
        </li>
      </ul>

      <DocsSection id="keys" title="API keys and limits">
        <p>
          Enterprise accounts create keys on their <Link href="/account">account page</Link> (up to
          10 live keys). A key starts with <Code>lk_live_</Code>, ends in a checksum (a mistyped key
          is refused at once), and is shown once. Send it as <Code>Authorization: Bearer …</Code>,
          as <Code>?token=…</Code>, or as a <Code>token</Code> field in a JSON body. Without a key
          you are an anonymous visitor with a small daily quota, shared with everyone else from your
          address. Every error is JSON with a stable <Code>code</Code>, listed on the{" "}
          <Link href="/docs/errors">errors page</Link>. The machine-readable description is{" "}
          <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
        </p>
        <p>
          The daily quota and the per-minute rate limit belong to the account: its session and all
          of its keys draw on the same ones. A key can be given a lower daily limit of its own, so
          one app cannot spend the whole account&apos;s quota. Every answer that used them (a
          generation that was not a cache hit, and a <Code>429</Code> of either kind) says where
          both stand, in the IETF fields{" "}
          <Code>RateLimit-Policy: &quot;minute&quot;;q=60;w=60, &quot;day&quot;;q=500;w=86400</Code>{" "}
          and <Code>RateLimit: &quot;minute&quot;;r=59;t=42, &quot;day&quot;;r=480;t=31234</Code>{" "}
          (what is left, and the seconds until the window resets). For older clients,{" "}
          <Code>X-RateLimit-Limit</Code>, <Code>-Remaining</Code> and <Code>-Reset</Code> are always
          the per-minute limit, and <Code>X-RateLimit-Limit-Day</Code>, <Code>-Remaining-Day</Code>{" "}
          and <Code>-Reset-Day</Code> the daily quota. A <Code>429</Code> adds{" "}
          <Code>Retry-After</Code>.
        </p>
        <p>
          Requests that create generations (<Code>POST /api/v1/generations</Code>,{" "}
          <Code>POST /v1/images/generations</Code>) take an <Code>Idempotency-Key</Code> header (any
          string up to 255 characters; a UUID is a good choice). Sent again within 24 hours with the
          same body, it gets the first answer again, marked <Code>Idempotent-Replayed: true</Code>,
          and nothing is charged twice; a retry sent while the first is still running waits for it.
          The same key with a different body is a <Code>422</Code>{" "}
          <Code>idempotency_key_reused</Code>. Only successful answers are kept: after an error the
          same key can be retried. Keys belong to the account, whichever of its keys or its session
          sends them.
        </p>
      </DocsSection>

      <DocsSection id="privacy" title="Private and public generations">
        <p>
          What an API key makes is <strong>private</strong> unless the request says{" "}
          <Code>&quot;private&quot;: false</Code> (<Code>?private=false</Code> on a Pollinations
          URL); what people make in the browser is public unless they ask for private. Every answer
          says which it is (<Code>&quot;private&quot;</Code>). A private generation is readable only
          by its owner, the account that asked for it (its session or any of its keys) or the
          anonymous visitor: <Code>GET /api/v1/generations/{"{id}"}</Code> and its{" "}
          <Code>events_url</Code> answer it with <Code>Cache-Control: private, no-store</Code>, and
          anyone else gets the same 404 as for an id that does not exist. It never appears in the
          feed or the gallery, and nobody else is ever served it from the cache.
        </p>
        <p className="mt-3">
          The price of that: a private request never reuses someone else&apos;s image, so it may be
          generated (and charged) again although someone made the very same image publicly, and a
          public request never reuses a private one. Your own identical private requests still share
          one generation, free after the first.
        </p>
        <p className="mt-3">
          The image URLs of a private generation are capability URLs: they work for whoever holds
          them (an <Code>&lt;img&gt;</Code> tag needs no key), are listed nowhere public, and cannot
          be guessed or computed, not even by someone who makes the same bytes: public images are
          stored under their content hash, private ones under a key derived from the
          generation&apos;s secret id. Share one only with whom may see the image.
        </p>
      </DocsSection>

      <DocsSection id="security" title="Cookies, origins and webhook secrets">
        <p>
          Scripts and servers should send an API key. A request that changes something (
          <Code>POST</Code>, <Code>PUT</Code>, <Code>PATCH</Code>, <Code>DELETE</Code>) and is
          authenticated by this site&apos;s cookies (a session, or the anonymous visitor cookie)
          must come from this site&apos;s own pages: its <Code>Origin</Code> (or, failing that,{" "}
          <Code>Referer</Code>) must be <Code>{origin}</Code>, or it is refused with a 403{" "}
          <Code>csrf_rejected</Code> before anything is charged. Absolute URLs in answers (images,{" "}
          <Code>events_url</Code>, the feed, <Code>doc_url</Code>) always name the app&apos;s
          configured origin, never a <Code>Host</Code> header a client made up.
        </p>
        <p className="mt-3">
          To rotate a key&apos;s webhook signing secret, use the button on the{" "}
          <Link href="/account">account page</Link> or{" "}
          <Code>POST /api/v1/account/keys/{"{id}"}/webhook-secret/rotate</Code>: the new secret is
          shown once, and for the next 24 hours every webhook carries two signatures in{" "}
          <Code>webhook-signature</Code> (<Code>v1,…</Code> for the new secret and for the old,
          space separated), which Standard Webhooks libraries accept with either secret. Switch your
          receiver to the new one within the day; after it, only the new one signs.
        </p>
      </DocsSection>

      <DocsSection id="native" title="Native jobs API">
        <p>
          <Code>POST /api/v1/generations</Code> answers <Code>202</Code> with the job (its{" "}
          <Code>queue_position</Code> and an <Code>events_url</Code>), or <Code>200</Code> with the
          image at once on a cache hit (<Code>X-Cache: HIT</Code>). Follow the job with Server-Sent
          Events at <Code>events_url</Code> (queue position, progress, then the result), or poll{" "}
          <Code>GET /api/v1/generations/{"{id}"}</Code>. Add <Code>webhook_url</Code> to be called
          when it ends: the event is signed with Standard Webhooks (<Code>webhook-id</Code>,{" "}
          <Code>webhook-timestamp</Code>, <Code>webhook-signature</Code>) using your key&apos;s
          signing secret, and retried with backoff until your endpoint answers 2xx.
        </p>
        <Examples dialect="native" origin={origin} />
      </DocsSection>

      <DocsSection id="openai" title="OpenAI-compatible images API">
        <p>
          <Code>POST /v1/images/generations</Code> takes OpenAI&apos;s parameters (
          <Code>prompt</Code>, <Code>model</Code>, <Code>n</Code> up to 4, <Code>size</Code> as{" "}
          <Code>WIDTHxHEIGHT</Code>, <Code>response_format</Code> <Code>url</Code> or{" "}
          <Code>b64_json</Code>) and answers once the images are ready. <Code>n</Code> images are{" "}
          <Code>n</Code> different avatars. Models: <Code>flux-schnell</Code> and{" "}
          <Code>flux-dev</Code> (<Code>GET /v1/models</Code>), with aliases such as{" "}
          <Code>black-forest-labs/flux-schnell</Code>. It needs an API key, waits for the image or
          the failure (a generation ends within about 50 s for flux-schnell and 160 s for flux-dev;
          a 504 naming the generation to follow comes only if it waited 30 s more in line), and
          counts <Code>n</Code> images as <Code>n</Code> generations, admitted together or not at
          all. Extensions: <Code>style</Code>, <Code>seed</Code>, <Code>private</Code>. OpenAI
          options that mean nothing here (<Code>quality: &quot;hd&quot;</Code>, <Code>stream</Code>,
          …) are refused by name, never ignored. Errors come in OpenAI&apos;s own shape, so the SDKs
          raise their usual exceptions.
        </p>
        <Examples dialect="openai" origin={origin} />
      </DocsSection>

      <DocsSection id="pollinations" title="Pollinations-style URLs and the live feed">
        <p>
          <Code>GET /prompt/{"{prompt}"}</Code> answers with the image itself, so it works in an{" "}
          <Code>&lt;img&gt;</Code> tag or with <Code>curl -o</Code>. Parameters: <Code>model</Code>,{" "}
          <Code>seed</Code> (default 42, so the same URL is the same image, served from the cache),{" "}
          <Code>width</Code>, <Code>height</Code>, <Code>enhance</Code>, <Code>private</Code>,{" "}
          <Code>safe</Code>, <Code>nologo</Code>, <Code>token</Code>, <Code>referrer</Code>, and our{" "}
          <Code>style</Code>. Sizes round to multiples of 8; a flagged image is a 422, never a
          picture; cache hits are free and outside the rate limit. <Code>GET /models</Code> lists
          the model names, and <Code>GET /feed</Code> streams public avatars as they are made (open{" "}
          <Link href="/feed">/feed</Link> in a browser to watch it).
        </p>
        <Examples dialect="pollinations" origin={origin} />
      </DocsSection>

      <DocsSection id="gallery" title="Gallery API: ready-made avatars">
        <p>
          Reading the gallery is free: no key, and never counted against a quota.{" "}
          <Code>GET /api/v1/gallery</Code> lists it newest first (<Code>style</Code>, <Code>q</Code>{" "}
          for a text search, <Code>limit</Code>, and the <Code>cursor</Code> of the next page).{" "}
          <Code>GET /api/v1/gallery/similar?prompt=…&amp;style=…&amp;limit=…</Code> answers with up
          to <Code>limit</Code> avatars (6 by default, at most 12) like a prompt before you spend a
          generation on it: the given style first, then by shared words and letters, so a few words,
          a word cut short or a typo still match, and nothing at all when nothing is alike. The
          prompt may be as long as a generation&apos;s (1,000 characters). Each avatar links WebP
          images at 128 to 1024 px and the PNG original, and{" "}
          <Code>GET /api/v1/gallery/{"{id}"}/download?size=…&amp;format=webp|png</Code> downloads
          one as a file.
        </p>
        <Examples dialect="gallery" origin={origin} />
      </DocsSection>
    </div>
  );
}
