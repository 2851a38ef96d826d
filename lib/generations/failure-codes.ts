import type { ErrorCode } from "@/lib/api/error-codes";

/**
 * Why a generation failed, as the worker records it on the row (`error_code`), and the API error a
 * synchronous caller gets for each (lib/generations/wait.ts).
 */
export const ROW_FAILURE_CODES = {
  content_flagged: "content_flagged",
  provider_rejected: "provider_rejected",
  providers_unavailable: "providers_unavailable",
  providers_busy: "providers_busy",
  worker_lost: "generation_failed",
  generation_lost: "generation_failed",
  generation_failed: "generation_failed",
} as const satisfies Record<string, ErrorCode>;
export type RowFailureCode = keyof typeof ROW_FAILURE_CODES;

function isRowFailureCode(code: string | undefined): code is RowFailureCode {
  return code !== undefined && Object.hasOwn(ROW_FAILURE_CODES, code);
}

/** The API error for a row's failure code (an unknown or missing one is a generic failure). */
export function apiErrorCodeOf(rowCode: string | null): ErrorCode {
  return isRowFailureCode(rowCode ?? undefined)
    ? ROW_FAILURE_CODES[rowCode as RowFailureCode]
    : "generation_failed";
}

/**
 * A job's final failure carries its row code at the front of its reason (`providers_busy: …`), so
 * whoever ends the row later (the worker's `failed` listener, the reconciler) or reports it while
 * the row cannot be read (the events stream) says what the worker decided.
 */
export function failureReason(code: RowFailureCode, message: string): string {
  return `${code}: ${message}`;
}

export function failureOf(reason: string | undefined): { code: RowFailureCode; message: string } {
  const match = /^([a-z_]+): ([\s\S]*)$/.exec(reason ?? "");
  if (match && isRowFailureCode(match[1])) return { code: match[1], message: match[2]! };
  if (/stalled/i.test(reason ?? "")) {
    return {
      code: "worker_lost",
      message: "The workers handling this generation kept stopping before it finished.",
    };
  }
  return { code: "generation_failed", message: reason || "The generation failed." };
}
