import type { Metadata } from "next";
import { ERROR_CODES, ERROR_DESCRIPTIONS, type ErrorCode } from "@/lib/api/error-codes";

export const metadata: Metadata = { title: "API errors" };

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

// The page every error's doc_url points at: generated from the same table the API maps codes with.
export default function ErrorsDoc() {
  return (
    <div className="mx-auto max-w-3xl px-4 py-12 sm:px-6">
      <h1 className="text-3xl font-semibold tracking-tight">API errors</h1>
      <p className="mt-3 text-muted">
        Every error from the Likeness API has the same JSON shape, with a stable{" "}
        <code className="font-mono text-sm">code</code> to branch on and a human-readable{" "}
        <code className="font-mono text-sm">message</code>:
      </p>
      <pre className="mt-4 overflow-x-auto rounded-2xl border border-border bg-surface p-4 font-mono text-sm">
        {`{ "error": { "code": "invalid_parameters", "message": "limit: must be at most 100",
             "doc_url": "/docs/errors#invalid_parameters", "request_id": "…" } }`}
      </pre>
      <dl className="mt-8 divide-y divide-border rounded-2xl border border-border bg-surface">
        {CODES.map((code) => (
          <div
            key={code}
            id={code}
            className="scroll-mt-20 p-4 sm:grid sm:grid-cols-[14rem_1fr] sm:gap-4"
          >
            <dt className="font-mono text-sm">
              {code} <span className="text-muted">· {ERROR_CODES[code]}</span>
            </dt>
            <dd className="mt-1 text-sm text-muted sm:mt-0">{ERROR_DESCRIPTIONS[code]}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
