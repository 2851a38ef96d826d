"use client";

import { useState } from "react";

/** A copy-paste example: the code as the reader will run it, and a button that copies it. */
export function CodeBlock({ id, title, code }: { id: string; title: string; code: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied("yes");
    } catch {
      // No clipboard permission (or an insecure origin): the code stays selectable by hand.
      setCopied("no");
    }
    setTimeout(() => setCopied(null), 2_000);
  };
  return (
    <figure
      data-testid="docs-example"
      data-example={id}
      className="overflow-hidden rounded-2xl border border-border bg-surface"
    >
      <figcaption className="flex items-center justify-between gap-3 border-b border-border px-4 py-2 text-sm">
        <span className="font-medium">{title}</span>
        <button
          type="button"
          onClick={copy}
          data-testid="docs-example-copy"
          className="rounded-full px-2.5 py-1 text-xs font-medium text-muted transition-colors hover:bg-surface-2 hover:text-foreground focus-visible:outline-2 focus-visible:outline-accent"
        >
          {copied === "yes" ? "Copied" : copied === "no" ? "Select and copy" : "Copy"}
        </button>
      </figcaption>
      <pre className="overflow-x-auto p-4 font-mono text-[13px] leading-relaxed">
        <code data-testid="docs-example-code">{code}</code>
      </pre>
    </figure>
  );
}
