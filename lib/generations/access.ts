import "server-only";
import { ApiError } from "@/lib/api/errors";
import { resolveIdentity } from "@/lib/auth/identity";
import { type Identity, ownerOf } from "@/lib/auth/types";
import { query } from "@/lib/db";
import { type GenerationRow, getGeneration } from "./repository";

/**
 * Who may read a generation (GET /api/v1/generations/{id} and its /events):
 * - a public one: anyone, and the answer is the same for everyone, so shared caches may keep it;
 * - a private one: its owner (private_owner: the account, through its session or any of its keys,
 *   or the anonymous visitor), or an account with a request for it (a shared generation that its
 *   requesters made private from their history). Anyone else gets the very 404 of an unknown id,
 *   headers included, so ids cannot be probed for private generations.
 */
export interface ReadableGeneration {
  row: GenerationRow;
  /** Headers every answer about it carries: private, no-store for a private one. */
  headers: Record<string, string>;
  /** Set-Cookie values of the identity resolution (a refreshed session), for the answer. */
  setCookies: string[];
}

/** Answers about one caller's generations: never stored, and never reused for another caller. */
const PRIVATE_ANSWER = {
  "Cache-Control": "private, no-store",
  Vary: "Authorization, Cookie",
} as const;

export async function readableGeneration(
  request: Request,
  id: string,
): Promise<ReadableGeneration> {
  const row = await getGeneration(id);
  if (row && !row.private) return { row, headers: {}, setCookies: [] };
  // Private or unknown: only now does it matter who asks. A bad key is a 401 for both alike.
  const { identity, setCookies } = await resolveIdentity(request, { visitors: "read" });
  if (!row || !(await canRead(row, identity))) {
    throw new ApiError("not_found", `No generation with id ${JSON.stringify(id)}.`, {
      headers: PRIVATE_ANSWER,
    });
  }
  return { row, headers: PRIVATE_ANSWER, setCookies };
}

/** Whether `identity` may read the private generation `row`. */
export async function canRead(row: GenerationRow, identity: Identity): Promise<boolean> {
  if (!row.private) return true;
  const owner = ownerOf(identity);
  if (row.private_owner !== null && owner === row.private_owner) return true;
  if (identity.userId === null) return false;
  const requests = await query(
    `select 1 from public.generation_requests where generation_id = $1 and owner_id = $2 limit 1`,
    [row.id, identity.userId],
  );
  return requests.length > 0;
}
