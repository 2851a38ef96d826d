"use client";

import Link from "next/link";
import { useSecondsLeft } from "@/components/account/time";
import type { RequestProblem } from "./refusals";

function RetryCountdown({ at }: { at: number }) {
  const left = useSecondsLeft(at);
  return (
    <>
      {/* The ticking number is not announced; the polite region below speaks once, at zero. */}
      {left !== null && left > 0 && (
        <span data-testid="generate-retry-countdown"> You can try again in {left} s.</span>
      )}
      <span aria-live="polite">{left === 0 ? " You can try again now." : ""}</span>
    </>
  );
}

export function RequestProblemNotice({ problem }: { problem: RequestProblem }) {
  return (
    <div
      data-testid="generate-request-error"
      data-code={problem.code}
      className="rounded-2xl border border-danger/30 bg-danger-soft px-4 py-3 text-sm text-danger"
    >
      <span role="alert">{problem.message}</span>
      {problem.retryAt !== null && <RetryCountdown at={problem.retryAt} />}
      {problem.link && (
        <>
          {" "}
          <Link href={problem.link.href} className="font-medium underline underline-offset-2">
            {problem.link.label}
          </Link>
        </>
      )}
    </div>
  );
}
