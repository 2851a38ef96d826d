// GET /api/v1/account/generations?cursor=&limit=: the signed-in user's history, newest first.
import { z } from "zod";
import { absoluteUrl, parseSearchParams } from "@/lib/api/parse";
import { withApi } from "@/lib/api/with-api";
import { withSetCookies } from "@/lib/auth/identity";
import { PRIVATE_HEADERS, requireUser } from "@/lib/account/guard";
import { HISTORY_MAX_PAGE_SIZE, HISTORY_PAGE_SIZE, listHistory } from "@/lib/account/history";
import { publicUrl } from "@/lib/storage";

const querySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int("must be an integer")
    .min(1, "must be at least 1")
    .max(HISTORY_MAX_PAGE_SIZE, `must be at most ${HISTORY_MAX_PAGE_SIZE}`)
    .default(HISTORY_PAGE_SIZE),
});

export const GET = withApi(async (request) => {
  const { identity, setCookies } = await requireUser(request);
  const { cursor, limit } = parseSearchParams(request, querySchema);
  const page = await listHistory(identity.userId, {
    cursor,
    limit,
    url: (key) => absoluteUrl(publicUrl(key), request),
  });
  return withSetCookies(Response.json(page, { headers: PRIVATE_HEADERS }), setCookies);
});
