import { query } from "@/lib/db";
import type { GenerationRequest } from "@/lib/catalog/generation-request";

/** A generation that has not ended, as the reconciler weighs it against the queue. */
export interface UnfinishedGeneration {
  id: string;
  request_hash: string;
  params: GenerationRequest;
  status: "queued" | "running";
  /** When its job must have ended; null while no worker has started it. */
  deadline_at: Date | null;
  /**
   * Someone is still owed an image: a request for it was charged and not refunded, or joined it
   * without a charge and is following it. False when every request was refunded (the one that
   * started it was answered 503 before its job could be queued).
   */
  owed: boolean;
}

/**
 * Generations still queued or running that entered the queue more than `olderThanMs` ago, oldest
 * first. Their jobs are usually alive and well (the reconciler checks); the age only keeps it from
 * looking at a row whose job is being added right now.
 */
export async function unfinishedGenerations(
  olderThanMs: number,
  limit = 200,
): Promise<UnfinishedGeneration[]> {
  return query<UnfinishedGeneration>(
    `select g.id, g.request_hash, g.params, g.status, g.deadline_at,
            exists (select 1 from public.generation_requests r
                    where r.generation_id = g.id and r.refunded_at is null) as owed
     from public.generations g
     where g.status in ('queued', 'running')
       and g.queued_at < now() - make_interval(secs => $1::double precision / 1000)
     order by g.queued_at
     limit $2`,
    [olderThanMs, limit],
  );
}
